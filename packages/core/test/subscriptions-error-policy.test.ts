import { InMemoryEventStore, InMemorySubscriberStore, type SubscriberSession } from '@factum/event-store';
import { firstValueFrom, filter, toArray, takeWhile } from 'rxjs';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { appendMany, eventually, numbers, range, recordingSpec } from './support/subscriber-fixtures';

const n = (event: { data: unknown }): number => (event.data as { n: number }).n;

/** A "read model" kept in the unit of work: counts how often each event was applied. */
async function countInSession(session: SubscriberSession | null, key: string): Promise<void> {
  const previous = await session!.processStates.load('model', key);
  await session!.processStates.save({ processName: 'model', key, state: ((previous?.state as number) ?? 0) + 1, position: null });
}

describe('error policies', () => {
  it('retries a failing handler with backoff and goes on when it succeeds', async () => {
    const store = new InMemoryEventStore();
    const runtime = new SubscriptionRuntime({ store });
    let failures = 0;
    const spec = recordingSpec('retrying', {
      retry: { maxAttempts: 4, initialDelayMs: 5, maxDelayMs: 20 },
      behaviour: (event) => {
        if (n(event) === 2 && failures < 3) {
          failures++;
          throw new Error(`attempt ${failures}`);
        }
      },
    });
    runtime.add(spec);
    const errors: Array<{ attempts: number; decision: string }> = [];
    runtime.errors$.subscribe((e) => errors.push(e));
    void runtime.start();
    await appendMany(store, 5);
    await eventually(() => spec.seen.length === 5, 'all five handled');
    expect(numbers(spec.seen)).toEqual(range(0, 5));
    await runtime.stop();
    expect(errors.map((e) => [e.attempts, e.decision])).toEqual([
      [1, 'retry'],
      [2, 'retry'],
      [3, 'retry'],
    ]);
  });

  it('skip writes a dead letter and moves on, in the unit of work of an atomic subscriber', async () => {
    const store = new InMemoryEventStore();
    const subscriberStore = new InMemorySubscriberStore();
    const runtime = new SubscriptionRuntime({ store, subscriberStore, settings: { batchSize: 4 } });
    runtime.add(
      recordingSpec('skipper', {
        atomic: true,
        onError: 'skip',
        behaviour: async (event, session) => {
          await countInSession(session, String(n(event)));
          if (n(event) === 5) throw new Error('poison');
        },
      }),
    );
    void runtime.start();
    await appendMany(store, 10);
    await eventually(async () => (await subscriberStore.checkpoints.get('skipper')) === (await store.headPosition()), 'checkpoint at head');

    const model = await subscriberStore.processStates.list('model');
    // Every event applied exactly once, the poison one not at all: the failed batch was rolled back and redone.
    expect(model.map((i) => [Number(i.key), i.state]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(
      range(0, 10)
        .filter((i) => i !== 5)
        .map((i) => [i, 1]),
    );
    const letters = await runtime.deadLetters('skipper');
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ subscriber: 'skipper', eventType: 'Happened', attempts: 2, error: { message: 'poison' } });
    expect(letters[0]!.position).toBe((await readAt(store, 5)).position);
    await runtime.stop();
  });

  it('skip in a plain subscriber records the dead letter and handles the rest', async () => {
    const store = new InMemoryEventStore();
    const runtime = new SubscriptionRuntime({ store });
    const spec = recordingSpec('plain-skip', {
      onError: 'skip',
      behaviour: (event) => {
        if (n(event) % 4 === 1) throw new Error(`bad ${n(event)}`);
      },
    });
    runtime.add(spec);
    void runtime.start();
    await appendMany(store, 10);
    await eventually(() => spec.seen.length === 7, 'seven handled');
    await eventually(async () => (await runtime.deadLetters('plain-skip')).length === 3, 'three dead letters');
    expect((await runtime.deadLetters('plain-skip')).map((l) => l.error.message)).toEqual(['bad 1', 'bad 5', 'bad 9']);
    await runtime.stop();
  });

  it('a custom policy decides per failure', async () => {
    const store = new InMemoryEventStore();
    const runtime = new SubscriptionRuntime({ store });
    const decisions: number[] = [];
    const spec = recordingSpec('custom', {
      retry: { maxAttempts: 1 },
      onError: ({ event, attempts }) => {
        decisions.push(attempts);
        return n(event) === 1 ? 'skip' : 'stop';
      },
      behaviour: (event) => {
        if (n(event) === 1 || n(event) === 3) throw new Error('no');
      },
    });
    runtime.add(spec);
    const decided = firstValueFrom(
      runtime.errors$.pipe(
        takeWhile((e) => e.decision !== 'stop', true),
        toArray(),
      ),
    );
    void runtime.start();
    await appendMany(store, 5);
    expect((await decided).map((e) => e.decision)).toEqual(['skip', 'stop']);
    expect(numbers(spec.seen)).toEqual([0, 2]);
    expect(decisions).toEqual([1, 1]);
    await runtime.stop();
  });

  it('stop halts at the failing event, and the checkpoint stays before it', async () => {
    const store = new InMemoryEventStore();
    const subscriberStore = new InMemorySubscriberStore();
    const runtime = new SubscriptionRuntime({ store, subscriberStore });
    runtime.add(
      recordingSpec('halting', {
        behaviour: (event) => {
          if (n(event) === 7) throw new Error('halt');
        },
      }),
    );
    const stopped = firstValueFrom(runtime.errors$.pipe(filter((e) => e.decision === 'stop')));
    void runtime.start();
    await appendMany(store, 10);
    await stopped;
    await runtime.stop();
    expect(await subscriberStore.checkpoints.get('halting')).toBe((await readAt(store, 6)).position);
  });
});

async function readAt(store: InMemoryEventStore, index: number) {
  let i = 0;
  for await (const event of store.readAll()) if (i++ === index) return event;
  throw new Error(`no event ${index}`);
}
