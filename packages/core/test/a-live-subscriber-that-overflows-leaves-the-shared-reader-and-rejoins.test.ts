import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { sharedLogReaderOf } from '../src/subscriptions/shared-log-reader';
import { ReadCountingStore } from './support/counting-store';
import { eventually, numbers, range, recordingSpec } from './support/subscriber-fixtures';

it('a blocked live subscriber never delays the others; it leaves the shared reader when its buffer overflows and rejoins without losing or repeating an event', async () => {
  const store = new ReadCountingStore();
  const runtime = new SubscriptionRuntime({ store, settings: { batchSize: 5, liveBufferLimit: 10 } });
  let release!: () => void;
  const blocked = new Promise<void>((resolve) => (release = resolve));
  const slow = recordingSpec('slow', { behaviour: () => blocked });
  const fast = recordingSpec('fast');
  runtime.add(slow);
  runtime.add(fast);
  await runtime.start();
  await eventually(async () => (await runtime.status()).every((status) => status.state === 'live'), 'both live');
  const reader = sharedLogReaderOf(store);
  expect(reader.memberCount).toBe(2);

  // The slow one hangs on its first event; the fast one gets each event within a bounded time.
  for (let n = 0; n < 100; n++) {
    await store.append('thing-1', [{ type: 'Happened', data: { n } }]);
    const appendedAt = Date.now();
    await eventually(() => fast.seen.length === n + 1, `event ${n} handled by the fast one`, 1_000);
    expect(Date.now() - appendedAt).toBeLessThan(1_000);
  }
  expect(slow.seen).toHaveLength(0);
  // More than its 10 waited: it was dropped, and holds no more than its limit (plus the one it overflowed with).
  expect(reader.memberCount).toBe(1);

  release();
  await eventually(() => slow.seen.length === 100, 'the slow one to catch up on its own');
  await eventually(() => reader.memberCount === 2, 'the slow one to rejoin the shared reader');
  const before = store.reads;
  for (let n = 100; n < 120; n++) {
    await store.append('thing-1', [{ type: 'Happened', data: { n } }]);
    await eventually(() => fast.seen.length === n + 1 && slow.seen.length === n + 1, `event ${n} handled by both`);
  }
  expect(store.reads - before).toBeLessThanOrEqual(22); // one read per append again: it is a member
  await new Promise((resolve) => setTimeout(resolve, 20)); // room for a wrong extra delivery to show
  expect(numbers(slow.seen)).toEqual(range(0, 120));
  expect(numbers(fast.seen)).toEqual(range(0, 120));
  await runtime.stop();
});
