import { InMemoryEventStore, InMemorySubscriberStore } from '@factum/event-store';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import type { RebuildProgress } from '../src/subscriptions/subscriber-status';
import { appendMany, eventually, recordingSpec } from './support/subscriber-fixtures';

describe('rebuilding a projector', () => {
  it('resets it, replays the log with progress, and ends with the read model live processing built', async () => {
    const store = new InMemoryEventStore();
    const subscriberStore = new InMemorySubscriberStore();
    const runtime = new SubscriptionRuntime({ store, subscriberStore, settings: { batchSize: 50 } });
    const totals = new Map<string, number>();
    let resets = 0;
    const spec = recordingSpec('totals', {
      behaviour: (event) => {
        totals.set(event.streamId, (totals.get(event.streamId) ?? 0) + (event.data as { n: number }).n);
      },
      reset: async () => {
        resets++;
        totals.clear();
      },
    });
    const other = recordingSpec('other');
    runtime.add(spec);
    runtime.add(other);
    void runtime.start();
    for (let s = 0; s < 5; s++) await appendMany(store, 200, 'Happened', `thing-${s}`);
    await eventually(() => spec.seen.length === 1_000, 'live processing done');
    const live = new Map(totals);

    const progress: RebuildProgress[] = [];
    const report = await runtime.rebuild('totals', { onProgress: (p) => progress.push(p) });

    expect(resets).toBe(1);
    expect(totals).toEqual(live);
    expect(spec.seen).toHaveLength(2_000);
    expect(report.events).toBe(1_000);
    expect(progress.length).toBeGreaterThanOrEqual(20);
    expect(progress.at(-1)).toMatchObject({ done: 1_000, total: 1_000, finished: true, etaMs: 0 });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    // The rebuild touches only the projector rebuilt.
    expect(other.seen).toHaveLength(1_000);

    await appendMany(store, 10, 'Happened', 'thing-0');
    await eventually(() => spec.seen.length === 2_010, 'live again after the rebuild');
    await runtime.stop();
  });

  it('refuses to rebuild what is not rebuildable or unknown', async () => {
    const runtime = new SubscriptionRuntime({ store: new InMemoryEventStore() });
    runtime.add(recordingSpec('pm', { kind: 'process-manager', rebuildable: false, startFrom: 'head' }));
    void runtime.start();
    expect(() => runtime.rebuild('pm')).toThrow(expect.objectContaining({ code: 'REBUILD_REFUSED' }));
    expect(() => runtime.rebuild('nope')).toThrow(expect.objectContaining({ code: 'UNKNOWN_SUBSCRIBER' }));
    await runtime.stop();
  });
});
