import { InMemoryEventStore, InMemorySubscriberLocks, InMemorySubscriberStore } from '@factum/event-store';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { appendMany, eventually, recordingSpec } from './support/subscriber-fixtures';
import { registerMetrics } from './support/telemetry-sdk';

const sdk = registerMetrics();
afterAll(() => sdk.unregister());

/** The gauge's value for `subscriber`, checking it carries exactly name and kind; undefined when not reported. */
async function gauge(metricName: string, subscriber: string): Promise<number | undefined> {
  const points = (await sdk.metric(metricName))?.dataPoints ?? [];
  const mine = points.filter((point) => point.attributes['factum.subscriber.name'] === subscriber);
  for (const point of mine) expect(point.attributes).toEqual({ 'factum.subscriber.name': subscriber, 'factum.subscriber.kind': 'projector' });
  expect(mine.length).toBeLessThanOrEqual(1);
  return mine[0]?.value as number | undefined;
}

describe('the lag gauges', () => {
  it('count the events a stopped subscriber reads and has yet to handle, and the age of the oldest, then fall to zero', async () => {
    const store = new InMemoryEventStore();
    const runtime = new SubscriptionRuntime({ store, subscriberStore: new InMemorySubscriberStore() });
    let broken = true;
    const spec = recordingSpec('lagging', {
      retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1 },
      behaviour: (event) => {
        if (broken && (event.data as { n: number }).n === 1) throw new Error('broken');
      },
    });
    runtime.add(spec);
    await runtime.start();
    expect(await gauge('factum.subscriber.lag.events', 'lagging')).toBe(0);
    expect(await gauge('factum.subscriber.lag.age', 'lagging')).toBe(0);

    const before = Date.now();
    await appendMany(store, 2);
    await eventually(async () => (await runtime.status())[0]!.state === 'stopped', 'stopped at event 1');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Events it does not read are no lag.
    await appendMany(store, 5, 'Unrelated', 'other-1');
    await appendMany(store, 3, 'Happened', 'thing-2');

    // Event 1 (stuck) and the three after it; the oldest of them has waited at least 300 ms.
    expect(await gauge('factum.subscriber.lag.events', 'lagging')).toBe(4);
    const age = (await gauge('factum.subscriber.lag.age', 'lagging'))!;
    expect(age).toBeGreaterThanOrEqual(0.3);
    expect(age).toBeLessThanOrEqual((Date.now() - before) / 1000 + 0.01);

    broken = false;
    runtime.restart('lagging');
    await eventually(() => spec.seen.length === 5, 'all handled after the fix');
    expect(await gauge('factum.subscriber.lag.events', 'lagging')).toBe(0);
    expect(await gauge('factum.subscriber.lag.age', 'lagging')).toBe(0);
    await runtime.stop();
  });

  it('stop counting at 100,000 events', async () => {
    const store = new InMemoryEventStore();
    const runtime = new SubscriptionRuntime({ store, subscriberStore: new InMemorySubscriberStore() });
    runtime.add(
      recordingSpec('far-behind', {
        retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1 },
        behaviour: () => {
          throw new Error('broken');
        },
      }),
    );
    await runtime.start();
    await appendMany(store, 100_001);
    await eventually(async () => (await runtime.status())[0]!.state === 'stopped', 'stopped at the first event');
    expect(await gauge('factum.subscriber.lag.events', 'far-behind')).toBe(100_000);
    await runtime.stop();
  });

  it('are reported by the process that runs the subscriber, not by one on standby', async () => {
    const store = new InMemoryEventStore();
    const locks = new InMemorySubscriberLocks();
    const elsewhere = await locks.tryAcquire('elsewhere');
    const runtime = new SubscriptionRuntime({ store, subscriberStore: new InMemorySubscriberStore(), locks });
    runtime.add(recordingSpec('elsewhere'));
    runtime.add(recordingSpec('here'));
    await runtime.start();
    await appendMany(store, 2);
    expect((await runtime.status()).map((status) => [status.name, status.state])).toContainEqual(['elsewhere', 'standby']);
    await eventually(async () => (await gauge('factum.subscriber.lag.events', 'here')) === 0, 'the active one reports');
    expect(await gauge('factum.subscriber.lag.events', 'elsewhere')).toBeUndefined();
    expect(await gauge('factum.subscriber.lag.age', 'elsewhere')).toBeUndefined();
    await elsewhere!.release();
    await runtime.stop();
  });
});
