import { InMemoryEventStore, InMemorySubscriberLocks, InMemorySubscriberStore } from '@factum/event-store';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { appendMany, eventually, recordingSpec } from './support/subscriber-fixtures';

const HANDLING_MS = 30;

it('status in a process that does not run a subscriber shows the receive and process time percentiles its owner reports', async () => {
  const store = new InMemoryEventStore();
  const subscriberStore = new InMemorySubscriberStore();
  const locks = new InMemorySubscriberLocks();
  const settings = { takeoverIntervalMs: 20, operationsPollMs: 20, reportIntervalMs: 20, operationTimeoutMs: 2_000 };
  const owner = new SubscriptionRuntime({ store, subscriberStore, locks, settings: { ...settings, processName: 'owner' } });
  const other = new SubscriptionRuntime({ store, subscriberStore, locks, settings: { ...settings, processName: 'other' } });
  const slow = () => new Promise<void>((resolve) => setTimeout(resolve, HANDLING_MS));
  owner.add(recordingSpec('ledger', { behaviour: slow }));
  other.add(recordingSpec('ledger', { behaviour: slow }));
  try {
    await owner.start();
    await other.start();
    await eventually(async () => (await other.status())[0]!.state === 'standby', 'the other process on standby');
    expect((await other.status())[0]!.timings).toBeNull();
    await appendMany(store, 10);
    await eventually(async () => (await owner.status())[0]!.timings?.events === 10, 'the owner handled the ten events');
    const own = (await owner.status())[0]!.timings!;
    // Each event's batch took at least one slow handling; delivery came after the append.
    expect(own.process.p50).toBeGreaterThanOrEqual(HANDLING_MS - 1);
    expect(own.receive.p50).toBeGreaterThanOrEqual(0);
    expect(own.receive.p50).toBeLessThanOrEqual(own.receive.p95);
    expect(own.process.p95).toBeLessThanOrEqual(own.process.p99);
    // The other process sees what the owner published (reports every 20 ms here, every second by default).
    await eventually(async () => JSON.stringify((await other.status())[0]!.timings) === JSON.stringify(own), 'the owner reported its timings');
    expect((await other.status())[0]).toMatchObject({ active: false, owner: { process: 'owner' }, timings: own });
  } finally {
    await other.stop();
    await owner.stop();
  }
});
