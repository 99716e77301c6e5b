import { InMemoryEventStore, InMemorySubscriberStore } from '@factum/event-store';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { appendMany, eventually, numbers, range, recordingSpec } from './support/subscriber-fixtures';

describe('resuming from a checkpoint', () => {
  it.each([true, false])('after a restart goes on where it stopped, no event twice (atomic: %s)', async (atomic) => {
    const store = new InMemoryEventStore();
    const subscriberStore = new InMemorySubscriberStore();
    const handled: number[] = [];
    const spec = () => recordingSpec('resumer', { atomic, behaviour: (event) => void handled.push((event.data as { n: number }).n) });

    const first = new SubscriptionRuntime({ store, subscriberStore, settings: { batchSize: 7, checkpointEvery: 1_000, checkpointIntervalMs: 60_000 } });
    first.add(spec());
    void first.start();
    await appendMany(store, 30);
    await eventually(() => handled.length === 30, 'thirty handled');
    await first.stop(); // a graceful close writes the checkpoint of a plain subscriber

    await appendMany(store, 20, 'Happened', 'thing-2');
    const second = new SubscriptionRuntime({ store, subscriberStore, settings: { batchSize: 7 } });
    const resumed = spec();
    second.add(resumed);
    void second.start();
    await eventually(() => handled.length >= 50, 'fifty handled');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handled).toEqual([...range(0, 30), ...range(0, 20)]);
    expect(numbers(resumed.seen)).toEqual(range(0, 20));
    await second.stop();
  });

  it('writes checkpoints in batches, not one per event', async () => {
    const store = new InMemoryEventStore();
    const subscriberStore = new InMemorySubscriberStore();
    const writes: string[] = [];
    const set = subscriberStore.checkpoints.set.bind(subscriberStore.checkpoints);
    subscriberStore.checkpoints.set = async (name, position, options) => {
      writes.push(position);
      return set(name, position, options);
    };
    const runtime = new SubscriptionRuntime({ store, subscriberStore, settings: { batchSize: 100, checkpointEvery: 100 } });
    const spec = recordingSpec('batched');
    runtime.add(spec);
    await appendMany(store, 1_000);
    void runtime.start();
    await eventually(async () => (await subscriberStore.checkpoints.get('batched')) === (await store.headPosition()), 'checkpoint at head');
    expect(writes.length).toBeLessThanOrEqual(11);
    await runtime.stop();
  });
});
