import { InMemoryEventStore, InMemorySubscriberStore } from '@factum/event-store';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { appendMany, eventually, numbers, range, recordingSpec } from './support/subscriber-fixtures';

describe('a hot-only subscriber (startFrom head)', () => {
  it('handles none of the history at its first start, then new events, then those that arrived while it was down', async () => {
    const store = new InMemoryEventStore();
    const subscriberStore = new InMemorySubscriberStore();
    await appendMany(store, 1_000);

    const first = new SubscriptionRuntime({ store, subscriberStore });
    const hot = recordingSpec('hot', { startFrom: 'head', atomic: true });
    first.add(hot);
    void first.start();
    await eventually(async () => (await subscriberStore.checkpoints.get('hot')) !== null, 'head persisted');
    await appendMany(store, 10, 'Happened', 'thing-2');
    await eventually(() => hot.seen.length === 10, 'ten new events');
    expect(hot.seen.every((e) => e.streamId === 'thing-2')).toBe(true);
    await first.stop();

    await appendMany(store, 5, 'Happened', 'thing-3'); // while down
    const second = new SubscriptionRuntime({ store, subscriberStore });
    const again = recordingSpec('hot', { startFrom: 'head', atomic: true });
    second.add(again);
    void second.start();
    await eventually(() => again.seen.length === 5, 'five that arrived while down');
    expect(again.seen.map((e) => e.streamId)).toEqual(Array(5).fill('thing-3'));
    expect(numbers(again.seen)).toEqual(range(0, 5));
    await second.stop();
  });

  it('started on an empty log, it later handles everything appended while it was down', async () => {
    const store = new InMemoryEventStore();
    const subscriberStore = new InMemorySubscriberStore();
    const first = new SubscriptionRuntime({ store, subscriberStore });
    first.add(recordingSpec('hot', { startFrom: 'head' }));
    void first.start();
    await eventually(async () => (await subscriberStore.processStates.list('$subscribers')).length === 1, 'first start recorded');
    await first.stop();

    await appendMany(store, 3);
    const second = new SubscriptionRuntime({ store, subscriberStore });
    const again = recordingSpec('hot', { startFrom: 'head' });
    second.add(again);
    void second.start();
    await eventually(() => again.seen.length === 3, 'three appended while down');
    await second.stop();
  });
});
