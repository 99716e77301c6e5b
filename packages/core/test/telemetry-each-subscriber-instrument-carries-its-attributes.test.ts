import { InMemoryEventStore, InMemorySubscriberStore } from '@factum/event-store';
import type { DataPoint, Histogram } from '@opentelemetry/sdk-metrics';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { appendMany, eventually, recordingSpec } from './support/subscriber-fixtures';
import { registerMetrics } from './support/telemetry-sdk';

// One run, then one test per instrument: each asserts the instrument exists with its unit and
// that every one of its points carries exactly the attributes documented, with the values of
// this subscriber, so a missing (or extra, e.g. per-stream) attribute fails the test.

const sdk = registerMetrics();
afterAll(() => sdk.unregister());

const name = 'notifier';
const who = { 'factum.subscriber.name': name, 'factum.subscriber.kind': 'event-handler', 'factum.event.type': 'Happened' };

beforeAll(async () => {
  const store = new InMemoryEventStore();
  const runtime = new SubscriptionRuntime({ store, subscriberStore: new InMemorySubscriberStore() });
  // Event 1 fails on each of its two attempts, then is dead-lettered; events 0 and 2 are handled.
  const spec = recordingSpec(name, {
    kind: 'event-handler',
    onError: 'skip',
    retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 },
    behaviour: (event) => {
      if ((event.data as { n: number }).n === 1) throw new Error('no');
    },
  });
  runtime.add(spec);
  await runtime.start();
  await appendMany(store, 3);
  await eventually(() => spec.seen.length === 2, 'events 0 and 2 handled');
  await runtime.stop();
});

/** Its points, after checking the instrument exists with `unit` and each point has exactly `attributes`. */
async function pointsOf(metricName: string, unit: string, attributes: Record<string, string>): Promise<Array<DataPoint<unknown>>> {
  const metric = await sdk.metric(metricName);
  expect(metric).toBeDefined();
  expect(metric!.descriptor.unit).toBe(unit);
  const points = metric!.dataPoints as Array<DataPoint<unknown>>;
  expect(points.length).toBeGreaterThan(0);
  for (const point of points) {
    expect(Object.keys(point.attributes).sort()).toEqual(Object.keys(attributes).sort());
    expect(point.attributes).toMatchObject(who);
  }
  return points.filter((point) => Object.entries(attributes).every(([key, value]) => point.attributes[key] === value));
}
const countOf = (points: Array<DataPoint<unknown>>) => points.reduce((total, point) => total + (point.value as Histogram).count, 0);
const sumOf = (points: Array<DataPoint<unknown>>) => points.reduce((total, point) => total + (point.value as number), 0);

describe('each subscriber instrument, with its attributes', () => {
  it('factum.subscriber.receive.delay: one delivery per event, retries included', async () => {
    const points = await pointsOf('factum.subscriber.receive.delay', 's', who);
    expect(countOf(points)).toBe(3);
    // Each delay is the time from the append to the delivery: never negative, well under a minute here.
    for (const point of points) expect((point.value as Histogram).max).toBeLessThan(60);
  });

  it('factum.subscriber.process.duration: every attempt, by outcome', async () => {
    const ok = await pointsOf('factum.subscriber.process.duration', 's', { ...who, 'factum.outcome': 'ok' });
    const failed = await pointsOf('factum.subscriber.process.duration', 's', { ...who, 'factum.outcome': 'error' });
    expect(countOf(ok)).toBe(2);
    expect(countOf(failed)).toBe(2);
  });

  it('factum.subscriber.failures: each failed attempt, with the error code', async () => {
    expect(sumOf(await pointsOf('factum.subscriber.failures', '{failure}', { ...who, 'factum.error.code': 'Error' }))).toBe(2);
  });

  it('factum.subscriber.retries: the failures that were retried, with the error code', async () => {
    expect(sumOf(await pointsOf('factum.subscriber.retries', '{retry}', { ...who, 'factum.error.code': 'Error' }))).toBe(1);
  });

  it('factum.subscriber.dead_letters: the events set aside', async () => {
    expect(sumOf(await pointsOf('factum.subscriber.dead_letters', '{event}', who))).toBe(1);
  });
});
