import { ReadCountingStore } from './support/counting-store';
import { appendMany, eventually, numbers, range, recordingSpec } from './support/subscriber-fixtures';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';

describe('a subscriber catching up', () => {
  it('reads its next batch while it handles the current one, and handles every event once, in order', async () => {
    const store = new ReadCountingStore();
    await appendMany(store, 30);
    const readsAtEachBatchStart: number[] = [];
    const spec = recordingSpec('read-ahead', {
      behaviour: async (event) => {
        if ((event.data as { n: number }).n % 10 === 0) readsAtEachBatchStart.push(store.reads);
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
    });
    const runtime = new SubscriptionRuntime({ store, settings: { batchSize: 10 } });
    runtime.add(spec);
    await runtime.start();
    await eventually(() => spec.seen.length === 30, 'all 30 events handled');
    await runtime.stop();
    expect(numbers(spec.seen)).toEqual(range(0, 30));
    // Batch k is handled while batch k + 1 is read: one read more than the batches taken so far.
    expect(readsAtEachBatchStart).toEqual([2, 3, 4]);
  });

  it('drops what it read ahead when it is rewound: after a stop and a restart the failing event comes next, nothing is skipped', async () => {
    const store = new ReadCountingStore();
    await appendMany(store, 30);
    let failing = true;
    const spec = recordingSpec('read-ahead-stop', {
      onError: 'stop',
      retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1 },
      behaviour: (event) => {
        if (failing && (event.data as { n: number }).n === 4) throw new Error('not yet');
      },
    });
    const runtime = new SubscriptionRuntime({ store, settings: { batchSize: 10 } });
    runtime.add(spec);
    await runtime.start();
    await eventually(async () => (await runtime.status())[0]!.state === 'stopped', 'stopped at event 4');
    expect(numbers(spec.seen)).toEqual(range(0, 4));
    failing = false;
    runtime.restart('read-ahead-stop');
    await eventually(() => spec.seen.length === 30, 'all 30 events handled');
    await runtime.stop();
    expect(numbers(spec.seen)).toEqual(range(0, 30));
  });
});
