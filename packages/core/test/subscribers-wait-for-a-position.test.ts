import { z } from 'zod';
import { InMemoryEventStore, type EventStore, type GlobalPosition, type ReadAllOptions } from '@factum/event-store';
import { createApp, defineEvent, On, Projector, type App, type DecodedEvent } from '@factum/core';

const Counted = defineEvent('Counted', z.object({ n: z.number() }));
const Noted = defineEvent('Noted', z.object({ text: z.string() }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function appendCounted(store: EventStore, count: number): Promise<GlobalPosition> {
  let last: GlobalPosition | null = null;
  for (let i = 0; i < count; i += 50) {
    const events = Array.from({ length: Math.min(50, count - i) }, (_, j) => ({ type: 'Counted', data: { n: i + j } }));
    last = (await store.append('counter-1', events)).position;
  }
  return last!;
}

describe('app.subscribers.waitFor(position)', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it('resolves once a projector added to an existing log has caught up with it', async () => {
    const store = new InMemoryEventStore();
    const head = await appendCounted(store, 300);
    const seen: number[] = [];
    @Projector({ name: 'slow-counter', batchSize: 20 })
    class SlowCounter {
      @On(Counted)
      async counted(event: DecodedEvent<typeof Counted>): Promise<void> {
        if (event.data.n % 20 === 0) await sleep(5);
        seen.push(event.data.n);
      }
    }
    app = await createApp({ store, projectors: [SlowCounter] });
    await app.start();
    expect(seen.length).toBeLessThan(300);
    await app.subscribers.waitFor(head, { timeoutMs: 5_000 });
    expect(seen).toHaveLength(300);
  });

  it('counts a subscriber as there when it reads nothing up to the position', async () => {
    const store = new InMemoryEventStore();
    const head = await appendCounted(store, 10);
    @Projector({ name: 'notes' })
    class Notes {
      @On(Noted) noted(): void {}
    }
    app = await createApp({ store, projectors: [Notes] });
    await app.start();
    await expect(app.subscribers.waitFor(head, { timeoutMs: 500 })).resolves.toBeUndefined();
    await expect(app.subscribers.waitFor(null)).resolves.toBeUndefined();
  });

  it('waits only for the named subscribers, and times out naming those still behind', async () => {
    const store = new InMemoryEventStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    @Projector({ name: 'fast' })
    class Fast {
      @On(Counted) counted(): void {}
    }
    @Projector({ name: 'blocked' })
    class Blocked {
      @On(Counted) counted(): Promise<void> {
        return gate;
      }
    }
    app = await createApp({ store, projectors: [Fast, Blocked] });
    await app.start();
    const head = await appendCounted(store, 5);
    await app.subscribers.waitFor(head, { subscribers: ['fast'], timeoutMs: 1_000 });
    const error = await app.subscribers.waitFor(head, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONSISTENCY_TIMEOUT', pending: ['blocked'], streamId: null, position: head });
    expect((error as Error).message).toMatch(/'?blocked'? had not handled the events up to position/);
    release();
    await app.subscribers.waitFor(head, { timeoutMs: 1_000 });
  });

  it('rejects at once for a stopped subscriber and for an unknown name', async () => {
    const store = new InMemoryEventStore();
    @Projector({ name: 'broken', retry: { maxAttempts: 1 } })
    class Broken {
      @On(Counted) counted(): void {
        throw new Error('cannot count');
      }
    }
    app = await createApp({ store, projectors: [Broken], logger: { error() {}, warn() {}, info() {}, debug() {} } });
    await app.start();
    const head = await appendCounted(store, 1);
    const started = Date.now();
    const error = await app.subscribers.waitFor(head, { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SUBSCRIBER_STOPPED', subscriber: 'broken', streamId: null });
    expect((error as Error).message).toMatch(/cannot count/);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(app.subscribers.waitFor(head, { subscribers: ['nobody'] })).rejects.toMatchObject({ code: 'UNKNOWN_SUBSCRIBER' });
  });

  it('waits until the position is readable: a subscriber caught up with what is readable is not yet there', async () => {
    // A store whose readable log stops at a horizon, as Postgres holds back events behind an open append.
    const inner = new InMemoryEventStore();
    let horizon: GlobalPosition | null = null;
    const visible = (position: GlobalPosition) => horizon !== null && inner.comparePositions(position, horizon) <= 0;
    const store = new Proxy(inner, {
      get(target, property, receiver) {
        if (property === 'readAll')
          return async function* (options?: ReadAllOptions) {
            for await (const event of target.readAll(options)) if (visible(event.position)) yield event;
          };
        if (property === 'headPosition') return () => Promise.resolve(horizon);
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    @Projector({ name: 'notes' })
    class Notes {
      @On(Noted) noted(): void {}
    }
    app = await createApp({ store, projectors: [Notes] });
    await app.start();
    horizon = (await inner.append('notes-1', [{ type: 'Noted', data: { text: 'a' } }])).position;
    const held = await appendCounted(inner, 1); // committed, not readable yet
    let resolved = false;
    const waiting = app.subscribers.waitFor(held, { timeoutMs: 2_000 }).then(() => (resolved = true));
    await sleep(150);
    expect(resolved).toBe(false);
    horizon = held;
    await waiting;
    expect(resolved).toBe(true);
  });
});
