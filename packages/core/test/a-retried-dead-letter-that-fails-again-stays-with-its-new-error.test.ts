import { InMemoryEventStore, InMemorySubscriberLocks, InMemorySubscriberStore, OperationFailedError } from '@factum/event-store';
import type { HandlerFailure } from '../src/subscriptions/error-policy';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { appendMany, eventually, numbers, recordingSpec } from './support/subscriber-fixtures';

/** The events handled, each once: a batch in a unit of work is handled again after a rollback. */
const handled = (events: Parameters<typeof numbers>[0]) => [...new Set(numbers(events))];

// An operator's retry of a dead letter whose handler still fails: the letter comes back with the
// new error and one more attempt. It neither vanishes nor loops, and the subscriber goes on.
describe('a retried dead letter that fails again', () => {
  for (const atomic of [false, true]) {
    it(`stays a dead letter with the new error and attempt count (${atomic ? 'in a unit of work' : 'no unit of work'})`, async () => {
      const store = new InMemoryEventStore();
      const subscriberStore = new InMemorySubscriberStore();
      const runtime = new SubscriptionRuntime({
        store,
        subscriberStore,
        locks: new InMemorySubscriberLocks(),
        settings: { operationsPollMs: 10, reportIntervalMs: 20, operationTimeoutMs: 5_000 },
      });
      let bug = 'first bug';
      const tries: number[] = [];
      const policy: HandlerFailure[] = [];
      const spec = recordingSpec('ledger', {
        atomic,
        retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 },
        onError: (failure) => {
          policy.push(failure);
          return 'skip';
        },
        behaviour: (event) => {
          const n = (event.data as { n: number }).n;
          if (n !== 2) return;
          tries.push(n);
          if (bug) throw new Error(`cannot handle ${n}: ${bug}`);
        },
      });
      runtime.add(spec);
      await runtime.start();
      await appendMany(store, 5);
      await eventually(async () => (await subscriberStore.deadLetters.list('ledger')).length === 1, 'the dead letter');
      await eventually(() => handled(spec.seen).length === 4, 'the other events');
      const [letter] = await subscriberStore.deadLetters.list('ledger');
      expect(letter).toMatchObject({ attempts: 2, error: { message: 'cannot handle 2: first bug' } });
      const delivered = tries.length; // its two attempts (and, in a unit of work, the batch that failed first)
      expect(delivered).toBeGreaterThanOrEqual(2);
      expect(policy).toHaveLength(1);

      bug = 'second bug';
      const error = await runtime.retryDeadLetter('ledger', letter!.eventId).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OperationFailedError);
      expect((error as Error).message).toContain('second bug');
      let [again] = await subscriberStore.deadLetters.list('ledger');
      expect(again).toMatchObject({ eventId: letter!.eventId, attempts: 3, error: { message: 'cannot handle 2: second bug' } });

      bug = 'third bug';
      expect(await runtime.retryDeadLetters('ledger')).toMatchObject({
        retried: [],
        failed: [{ eventId: letter!.eventId, message: expect.stringContaining('third bug') }],
      });
      [again] = await subscriberStore.deadLetters.list('ledger');
      expect(again).toMatchObject({ attempts: 4, error: { message: 'cannot handle 2: third bug' } });

      // One handler call per retry (no loop), the delivery policy not asked again, the subscriber live and past the event.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(tries).toHaveLength(delivered + 2);
      expect(policy).toHaveLength(1);
      expect(handled(spec.seen)).toEqual([0, 1, 3, 4]);
      expect((await runtime.status())[0]).toMatchObject({ state: 'live', lastError: expect.anything() });

      bug = '';
      await runtime.retryDeadLetter('ledger', letter!.eventId);
      expect(handled(spec.seen)).toEqual([0, 1, 3, 4, 2]);
      expect(await subscriberStore.deadLetters.list('ledger')).toEqual([]);
      await runtime.stop();
    });
  }
});
