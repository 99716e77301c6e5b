import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { sharedLogReaderOf } from '../src/subscriptions/shared-log-reader';
import { ReadCountingStore } from './support/counting-store';
import { appendMany, eventually, numbers, range, recordingSpec } from './support/subscriber-fixtures';

/**
 * Live subscribers of one process share one reader of the log: an append costs one read,
 * whatever their number. (With a store subscription per subscriber, 20 subscribers read 20
 * times per append.)
 */
describe('live subscribers of a process', () => {
  it('cost one read per append between them, and each still gets every event of its types once, in order', async () => {
    const store = new ReadCountingStore();
    const runtime = new SubscriptionRuntime({ store });
    const specs = Array.from({ length: 20 }, (_, i) => recordingSpec(`live-${i}`));
    for (const spec of specs) runtime.add(spec);
    await runtime.start();
    await eventually(async () => (await runtime.status()).every((status) => status.state === 'live'), 'all 20 live');

    const before = store.reads;
    for (let n = 0; n < 50; n++) {
      await store.append('thing-1', [{ type: 'Happened', data: { n } }]);
      await eventually(() => specs.every((spec) => spec.seen.length === n + 1), `event ${n} handled by all 20`);
    }
    const reads = store.reads - before;
    expect(reads).toBeGreaterThanOrEqual(50); // the count is real: each append is read at least once
    expect(reads).toBeLessThanOrEqual(55);
    for (const spec of specs) expect(numbers(spec.seen)).toEqual(range(0, 50));
    expect(sharedLogReaderOf(store).memberCount).toBe(20);
    await runtime.stop();
    expect(sharedLogReaderOf(store).memberCount).toBe(0);
  });

  it('a subscriber whose last event is older than what the reader keeps joins it after one read of its own', async () => {
    const store = new ReadCountingStore();
    const busy = new SubscriptionRuntime({ store });
    const first = recordingSpec('busy');
    busy.add(first);
    await busy.start();
    await appendMany(store, 3_000); // more than the reader keeps of the latest events
    await eventually(() => first.seen.length === 3_000, 'the busy one to handle 3,000');

    // Another app of the process, with a subscriber of a type that has no event yet.
    const rare = new SubscriptionRuntime({ store });
    const second = recordingSpec('rare', { eventTypes: ['Rare'] });
    rare.add(second);
    await rare.start();
    await eventually(() => sharedLogReaderOf(store).memberCount === 2, 'the rare one to join the shared reader');

    const before = store.reads;
    for (let n = 0; n < 20; n++) {
      await store.append('thing-1', [{ type: n % 5 === 4 ? 'Rare' : 'Happened', data: { n } }]);
      await eventually(() => first.seen.length + second.seen.length === 3_001 + n, `event ${n} handled`);
    }
    expect(store.reads - before).toBeLessThanOrEqual(22);
    expect(numbers(second.seen)).toEqual([4, 9, 14, 19]);
    await rare.stop();
    await busy.stop();
  });
});
