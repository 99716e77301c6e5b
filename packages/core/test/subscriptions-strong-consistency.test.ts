import { InMemoryEventStore } from '@factum/event-store';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { appendMany, recordingSpec } from './support/subscriber-fixtures';

describe('waiting for subscribers (strong consistency)', () => {
  it('resolves only once every strong subscriber that reads the events has handled them', async () => {
    const store = new InMemoryEventStore();
    const runtime = new SubscriptionRuntime({ store });
    const model = new Map<string, number>();
    runtime.add(
      recordingSpec('slow-model', {
        behaviour: async (event) => {
          await new Promise((r) => setTimeout(r, 30));
          model.set(event.eventId, 1);
        },
      }),
    );
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    runtime.add(recordingSpec('eventual', { strong: false, behaviour: () => blocked })); // busy until released
    runtime.add(recordingSpec('other-types', { eventTypes: ['Other'] }));
    void runtime.start();
    const result = await store.append('thing-1', [
      { type: 'Happened', data: { n: 1 } },
      { type: 'Happened', data: { n: 2 } },
    ]);
    await runtime.waitFor(result.events, { subscribers: 'strong', timeoutMs: 2_000 });
    expect(result.events.every((e) => model.has(e.eventId))).toBe(true);
    release();
    await runtime.stop();
  });

  it('times out with an error that says the events were stored', async () => {
    const store = new InMemoryEventStore();
    const runtime = new SubscriptionRuntime({ store });
    runtime.add(recordingSpec('stuck', { behaviour: () => new Promise((r) => setTimeout(r, 500)) }));
    void runtime.start();
    const result = await store.append('thing-1', [{ type: 'Happened', data: { n: 1 } }]);
    const error = await runtime.waitFor(result.events, { subscribers: ['stuck'], timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONSISTENCY_TIMEOUT', pending: ['stuck'] });
    expect((error as Error).message).toMatch(/events were stored/);
    await runtime.stop();
  });

  it('fails fast when a waited-for subscriber is stopped', async () => {
    const store = new InMemoryEventStore();
    const runtime = new SubscriptionRuntime({ store });
    runtime.add(
      recordingSpec('broken', {
        retry: { maxAttempts: 1 },
        behaviour: () => {
          throw new Error('boom');
        },
      }),
    );
    void runtime.start();
    const result = await store.append('thing-1', [{ type: 'Happened', data: { n: 1 } }]);
    const started = Date.now();
    await expect(runtime.waitFor(result.events, { subscribers: 'strong', timeoutMs: 5_000 })).rejects.toMatchObject({
      code: 'SUBSCRIBER_STOPPED',
      subscriber: 'broken',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    await runtime.stop();
  });

  it('ignores subscribers that do not read the appended event types', async () => {
    const store = new InMemoryEventStore();
    const runtime = new SubscriptionRuntime({ store });
    runtime.add(recordingSpec('unrelated', { eventTypes: ['Other'] }));
    void runtime.start();
    await appendMany(store, 1);
    const result = await store.append('thing-1', [{ type: 'Happened', data: { n: 1 } }]);
    await runtime.waitFor(result.events, { subscribers: 'strong', timeoutMs: 100 });
    await runtime.stop();
  });
});
