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

  // An atomic subscriber handles a batch in one unit of work; the failure rolls it back and the
  // events are redone one per unit: event 0 is processed twice, event 1 fails three times.
  it.each([
    ['plain', false, 2, 2],
    ['atomic', true, 3, 3],
  ])(
    'times a %s subscriber from emit to receive and from receive to processed, and counts failures, retries and dead letters',
    async (name, atomic, processed, failedAttempts) => {
      const store = new InMemoryEventStore();
      const runtime = new SubscriptionRuntime({ store, subscriberStore: new InMemorySubscriberStore() });
      const spec = recordingSpec(name, {
        atomic,
        onError: 'skip',
        retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 },
        behaviour: (event) => {
          if ((event.data as { n: number }).n === 1) throw new Error('no');
        },
      });
      runtime.add(spec);
      // Stored before the start, so the catch-up reads the three in one batch.
      await appendMany(store, 3);
      void runtime.start();
      await eventually(() => spec.seen.some((event) => (event.data as { n: number }).n === 2), 'the last one handled');
      await eventually(async () => (await sum('factum.subscriber.dead_letters', { 'factum.subscriber.name': name })) === 1, 'the failing one dead-lettered');
      await runtime.stop();

      // Three events, each received once (a retry, or the redo of a rolled-back batch, is no new delivery).
      const who = { 'factum.subscriber.name': name, 'factum.subscriber.kind': 'projector', 'factum.event.type': 'Happened' };
      expect(await count('factum.subscriber.receive.delay', who)).toBe(3);
      expect(await count('factum.subscriber.process.duration', { ...who, 'factum.outcome': 'ok' })).toBe(processed);
      expect(await count('factum.subscriber.process.duration', { ...who, 'factum.outcome': 'error' })).toBe(failedAttempts);
      expect(await sum('factum.subscriber.failures', { ...who, 'factum.error.code': 'Error' })).toBe(2);
      expect(await sum('factum.subscriber.retries', who)).toBe(1);
      expect(await sum('factum.subscriber.dead_letters', who)).toBe(1);
    },
  );
});
