import { InMemoryEventStore, InMemorySubscriberStore } from '@factum/event-store';
import { createApp } from '@factum/core';
import type { DataPoint, Histogram } from '@opentelemetry/sdk-metrics';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { appendMany, eventually, recordingSpec } from './support/subscriber-fixtures';
import { registerMetrics } from './support/telemetry-sdk';
import { Account, OpenAccount } from './support/transfer-domain';

const sdk = registerMetrics();
afterAll(() => sdk.unregister());

/** The data points of `name` whose attributes include `attributes`. */
async function pointsOf(name: string, attributes: Record<string, unknown>): Promise<Array<DataPoint<unknown>>> {
  const points = await sdk.points(name);
  return points.filter((point) => Object.entries(attributes).every(([key, value]) => point.attributes[key] === value));
}
const sum = async (name: string, attributes: Record<string, unknown>) =>
  (await pointsOf(name, attributes)).reduce((total, point) => total + (point.value as number), 0);
const count = async (name: string, attributes: Record<string, unknown>) =>
  (await pointsOf(name, attributes)).reduce((total, point) => total + (point.value as Histogram).count, 0);

describe('metrics on the factum meter', () => {
  it('counts and times commands by type and outcome, and appends by duration and events', async () => {
    const app = await createApp({ store: new InMemoryEventStore(), aggregates: [Account] });
    await app.dispatch(OpenAccount({ accountId: 'a', balance: 1 }));
    await app.dispatch(OpenAccount({ accountId: 'b', balance: 1 }));
    await expect(app.dispatch(OpenAccount({ accountId: 'a', balance: 1 }))).rejects.toMatchObject({ code: 'AccountExists' });
    await app.stop();

    const ok = { 'factum.command.type': 'OpenAccount', 'factum.outcome': 'ok' };
    const refused = { 'factum.command.type': 'OpenAccount', 'factum.outcome': 'refused', 'factum.error.code': 'AccountExists' };
    expect(await sum('factum.commands', ok)).toBe(2);
    expect(await sum('factum.commands', refused)).toBe(1);
    expect(await count('factum.command.duration', ok)).toBe(2);
    expect(await count('factum.command.duration', refused)).toBe(1);
    expect(await count('factum.append.duration', { 'factum.outcome': 'ok' })).toBe(2);
    expect(await sum('factum.append.events', {})).toBe(2);
  });

  it('times each subscriber from emit to receive and from receive to processed, and counts failures, retries and dead letters', async () => {
    const store = new InMemoryEventStore();
    const runtime = new SubscriptionRuntime({ store, subscriberStore: new InMemorySubscriberStore() });
    const spec = recordingSpec('flaky', {
      onError: 'skip',
      retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 },
      behaviour: (event) => {
        if ((event.data as { n: number }).n === 1) throw new Error('no');
      },
    });
    runtime.add(spec);
    void runtime.start();
    await appendMany(store, 3);
    await eventually(() => spec.seen.length === 2, 'the other two handled');
    await eventually(async () => (await sum('factum.subscriber.dead_letters', {})) === 1, 'the failing one dead-lettered');
    await runtime.stop();

    const who = { 'factum.subscriber.name': 'flaky', 'factum.subscriber.kind': 'projector', 'factum.event.type': 'Happened' };
    expect(await count('factum.subscriber.receive.delay', who)).toBe(3);
    expect(await count('factum.subscriber.process.duration', { ...who, 'factum.outcome': 'ok' })).toBe(2);
    expect(await count('factum.subscriber.process.duration', { ...who, 'factum.outcome': 'error' })).toBe(2);
    expect(await sum('factum.subscriber.failures', { ...who, 'factum.error.code': 'Error' })).toBe(2);
    expect(await sum('factum.subscriber.retries', who)).toBe(1);
    expect(await sum('factum.subscriber.dead_letters', who)).toBe(1);
  });
});
