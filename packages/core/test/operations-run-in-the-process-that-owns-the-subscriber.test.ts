import {
  DeadLetterNotFoundError,
  InMemoryEventStore,
  InMemorySubscriberLocks,
  InMemorySubscriberStore,
  OperationFailedError,
  OperationTimeoutError,
  UnknownSubscriberError,
} from '@factum/event-store';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { appendMany, eventually, numbers, recordingSpec } from './support/subscriber-fixtures';

/** Two runtimes on one store, as two processes on one database: `owner` runs the subscriber, `caller` does not. */
function twoProcesses(fails: Set<number>) {
  const store = new InMemoryEventStore();
  const subscriberStore = new InMemorySubscriberStore();
  const locks = new InMemorySubscriberLocks();
  const settings = { takeoverIntervalMs: 20, operationsPollMs: 20, reportIntervalMs: 20, operationTimeoutMs: 2_000 };
  const owner = new SubscriptionRuntime({ store, subscriberStore, locks, settings: { ...settings, processName: 'owner' } });
  const caller = new SubscriptionRuntime({ store, subscriberStore, locks, settings: { ...settings, processName: 'caller' } });
  const behaviour = (event: { data: unknown }) => {
    if (fails.has((event.data as { n: number }).n)) throw new Error(`cannot handle ${(event.data as { n: number }).n}`);
  };
  const ownerSpec = recordingSpec('ledger', { onError: 'skip', behaviour, retry: { maxAttempts: 1 } });
  const callerSpec = recordingSpec('ledger', { onError: 'skip', behaviour, retry: { maxAttempts: 1 } });
  owner.add(ownerSpec);
  caller.add(callerSpec);
  return { store, subscriberStore, owner, caller, ownerSpec, callerSpec };
}

describe('operations requested in one process', () => {
  it('are performed by the process that runs the subscriber: retry, skip, rebuild with progress, status with its owner', async () => {
    const fails = new Set([3, 7]);
    const { store, subscriberStore, owner, caller, ownerSpec, callerSpec } = twoProcesses(fails);
    await owner.start();
    await caller.start();
    await eventually(async () => (await caller.status())[0]!.state === 'standby', 'caller on standby');
    await appendMany(store, 10);
    await eventually(async () => (await subscriberStore.deadLetters.list('ledger')).length === 2, 'two dead letters');
    expect(numbers(ownerSpec.seen)).toEqual([0, 1, 2, 4, 5, 6, 8, 9]);
    const [three, seven] = (await caller.deadLetters('ledger')).sort((a, b) => a.version - b.version);

    // Still failing: the dead letter stays, with one more attempt and the new error.
    await expect(caller.retryDeadLetter('ledger', three!.eventId)).rejects.toThrow(OperationFailedError);
    const again = (await subscriberStore.deadLetters.list('ledger')).find((letter) => letter.eventId === three!.eventId);
    expect(again?.attempts).toBe(2);

    fails.clear();
    await caller.retryDeadLetter('ledger', three!.eventId);
    expect(numbers(ownerSpec.seen)).toEqual([0, 1, 2, 4, 5, 6, 8, 9, 3]);
    expect(callerSpec.seen).toHaveLength(0);
    await expect(caller.retryDeadLetter('ledger', three!.eventId)).rejects.toThrow(DeadLetterNotFoundError);

    await caller.skipDeadLetter('ledger', seven!.eventId);
    expect(await subscriberStore.deadLetters.list('ledger')).toEqual([]);
    const history = await caller.operations('ledger');
    expect(history[0]).toMatchObject({ kind: 'skip-dead-letter', eventId: seven!.eventId, state: 'done', performer: 'caller' });
    expect(history.filter((op) => op.kind === 'retry-dead-letter').every((op) => op.performer === 'owner')).toBe(true);

    const status = (await caller.status())[0]!;
    expect(status).toMatchObject({ active: false, owner: { process: 'owner', state: 'live' } });

    const progress: number[] = [];
    ownerSpec.seen.length = 0;
    const report = await caller.rebuild('ledger', { onProgress: (p) => progress.push(p.done) });
    expect(report.events).toBe(10);
    expect(numbers(ownerSpec.seen)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(progress.length).toBeGreaterThan(0);
    await owner.stop();
    await caller.stop();
  });

  it('fail with a typed error when no process runs the subscriber, and for an unknown one', async () => {
    const { store, caller, subscriberStore } = twoProcesses(new Set([0]));
    // Nobody runs it: a dead letter written by a process that has gone.
    const { events } = await store.append('thing-1', [{ type: 'Happened', data: { n: 0 } }]);
    const event = events[0]!;
    await subscriberStore.deadLetters.add({
      subscriber: 'ledger',
      eventId: event.eventId,
      eventType: event.type,
      streamId: event.streamId,
      version: event.version,
      position: event.position,
      error: { name: 'Error', message: 'x', code: null, stack: null },
      attempts: 1,
    });
    const quick = new SubscriptionRuntime({ store, subscriberStore, settings: { operationTimeoutMs: 100 } });
    quick.add(recordingSpec('ledger'));
    await expect(quick.retryDeadLetter('ledger', event.eventId)).rejects.toThrow(OperationTimeoutError);
    const [timedOut] = await subscriberStore.operations.history('ledger');
    expect(timedOut).toMatchObject({ state: 'failed', error: { code: 'OPERATION_TIMEOUT' } });
    await expect(caller.retryDeadLetters('nope')).rejects.toThrow(UnknownSubscriberError);
  });

  it('left running by a process that died are performed again by the process that takes the subscriber over', async () => {
    const fails = new Set([2]);
    const { store, subscriberStore, owner, ownerSpec } = twoProcesses(fails);
    await owner.start();
    await appendMany(store, 4);
    await eventually(async () => (await subscriberStore.deadLetters.list('ledger')).length === 1, 'one dead letter');
    fails.clear();
    // A process claimed the retry, then died before finishing it.
    const request = await subscriberStore.operations.request({ subscriber: 'ledger', kind: 'retry-dead-letters' });
    expect(await subscriberStore.operations.claim(request.id, 'a-process-that-died')).toBe(true);
    await eventually(async () => (await subscriberStore.operations.get(request.id))!.state === 'done', 'the owner performs it');
    expect(await subscriberStore.operations.get(request.id)).toMatchObject({ performer: 'owner', result: { retried: [expect.any(String)], failed: [] } });
    expect(numbers(ownerSpec.seen)).toEqual([0, 1, 3, 2]);
    await owner.stop();
  });
});
