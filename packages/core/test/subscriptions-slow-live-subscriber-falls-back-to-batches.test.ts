import { InMemoryEventStore } from '@factum/event-store';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { eventually, numbers, range, recordingSpec } from './support/subscriber-fixtures';

it('a live subscriber that falls behind goes back to reading in batches and still sees every event once, in order', async () => {
  const store = new InMemoryEventStore();
  const runtime = new SubscriptionRuntime({ store, settings: { batchSize: 5, liveBufferLimit: 10 } });
  const spec = recordingSpec('lagging', { behaviour: () => new Promise((r) => setImmediate(r)) });
  runtime.add(spec);
  void runtime.start();
  await eventually(async () => (await runtime.status())[0]!.state === 'live', 'live');
  // Bursts bigger than the live buffer, while the subscriber is busy.
  for (let burst = 0; burst < 10; burst++) {
    await store.append(
      'thing-1',
      Array.from({ length: 30 }, (_, i) => ({ type: 'Happened', data: { n: burst * 30 + i } })),
    );
  }
  await eventually(() => spec.seen.length >= 300, 'all 300');
  await new Promise((r) => setTimeout(r, 20));
  expect(numbers(spec.seen)).toEqual(range(0, 300));
  await runtime.stop();
});
