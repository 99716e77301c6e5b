import { createApp, defineEvent, EventHandler, On, Projector, type App, type DecodedEvent } from '@factum/core';
import type { ReadAllOptions, RecordedEvent } from '@factum/event-store';
import { z } from 'zod';
import { PgSqlClient } from '../src/client/pg-client';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { PostgresSubscriberLocks } from '../src/subscriptions/postgres-subscriber-locks';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { openIdleNeighbour, type IdleNeighbour } from './support/idle-neighbour';
import { DATABASE_URL, onServer, uniqueSchema } from './support/test-database';
import { deferred, sleep, waitUntil } from './support/wait';

/**
 * The live subscribers of a process share one reader of the log, on Postgres too, with a
 * neighbour idle in transaction in another database all along: an append costs one read or two
 * (the process's own wake-up and its notification), not one per subscriber; a subscriber whose
 * handler hangs delays nobody, leaves the reader once its buffer overflows, and catches up alone
 * without losing or repeating an event; a hot subscriber started after 1,000 events handles none
 * of them, though it reads through the reader that read them.
 */
const Ticked = defineEvent('SharedReaderTicked', z.object({ n: z.number().int() }));

/**
 * Counts the subscribers' reads of the log: their own and their store subscriptions'. (The
 * app's `events$` feed reads every type, without a filter: it is not a subscriber.)
 */
class ReadCountingPostgresStore extends PostgresEventStore {
  reads = 0;
  override readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    if (options?.filter?.types) this.reads++;
    return super.readAll(options);
  }
}

const FAST = 5;
const seen = new Map<string, number[]>();
const gate = { opened: deferred() };
const record = (name: string, n: number): void => void seen.set(name, [...(seen.get(name) ?? []), n]);

function fastProjector(name: string) {
  @Projector({ name, readModel: 'durable' })
  class Fast {
    @On(Ticked)
    ticked(event: DecodedEvent<typeof Ticked>): void {
      record(name, event.data.n);
    }
  }
  return Fast;
}

@Projector({ name: 'blocked', readModel: 'durable' })
class Blocked {
  @On(Ticked)
  async ticked(event: DecodedEvent<typeof Ticked>): Promise<void> {
    await gate.opened.promise;
    record('blocked', event.data.n);
  }
}

@EventHandler({ name: 'late-hot', startFrom: 'head' })
class LateHot {
  @On(Ticked)
  ticked(event: DecodedEvent<typeof Ticked>): void {
    record('late-hot', event.data.n);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

(onServer ? describe : describe.skip)('the shared log reader on Postgres (needs PostgreSQL: set DATABASE_URL)', () => {
  const schema = uniqueSchema('sharedrd');
  let client: PgSqlClient;
  let store: ReadCountingPostgresStore;
  const apps: App[] = [];
  let neighbour: IdleNeighbour | undefined;
  const handled = (name: string): number[] => seen.get(name) ?? [];
  const startApp = async (options: { projectors?: (new () => object)[]; eventHandlers?: (new () => object)[] }): Promise<App> => {
    const app = await createApp({
      store,
      ...options,
      subscriptions: {
        store: new PostgresSubscriberStore(client, { schema }),
        locks: new PostgresSubscriberLocks(client, { schema }),
        batchSize: 10,
        liveBufferLimit: 20,
      },
    });
    apps.push(app);
    await app.start();
    await waitUntil(async () => (await app.subscribers.status()).every((status) => status.state === 'live'), 'every subscriber to be live');
    return app;
  };

  beforeAll(async () => {
    client = PgSqlClient.connect({ connectionString: DATABASE_URL, max: 10 });
    store = new ReadCountingPostgresStore(client, { schema, pollIntervalMs: 5_000 });
    await store.migrate();
    neighbour = await openIdleNeighbour(DATABASE_URL!, { database: 'postgres' });
  });

  afterAll(async () => {
    gate.opened.resolve();
    for (const app of apps) await app.stop().catch(() => undefined);
    await neighbour?.close();
    await store?.close();
    await client?.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
    await client?.close();
  });

  it('one read per append for every live subscriber; a blocked one delays nobody, and rejoins without losing or repeating an event', async () => {
    const fast = Array.from({ length: FAST }, (_, i) => `fast-${i}`);
    await startApp({ projectors: [...fast.map(fastProjector), Blocked] });

    const latencies: number[] = [];
    const before = store.reads;
    const APPENDS = 60;
    for (let n = 0; n < APPENDS; n++) {
      await store.append('ticks-1', [Ticked({ n })]);
      const appendedAt = Date.now();
      await waitUntil(() => fast.every((name) => handled(name).length === n + 1), `tick ${n} handled by every fast subscriber`, 5_000);
      latencies.push(Date.now() - appendedAt);
      await sleep(20);
    }
    const reads = store.reads - before;
    // The premise held: the blocked one is still stuck on its first event, the neighbour still open.
    expect(handled('blocked')).toEqual([]);
    expect(await neighbour!.stillOpen(client.pool as never)).toBe(true);
    // Six subscribers reading on their own would read at least 6 times per append.
    expect(reads).toBeGreaterThanOrEqual(APPENDS);
    expect(reads).toBeLessThanOrEqual(2 * APPENDS + 10);
    expect(percentile(latencies, 50)).toBeLessThan(100);
    expect(Math.max(...latencies)).toBeLessThan(2_000);

    gate.opened.resolve();
    await waitUntil(() => handled('blocked').length >= APPENDS, 'the blocked one to catch up');
    // Back at the head, it rejoins: appends cost one read or two again.
    await sleep(200);
    const rejoined = store.reads;
    for (let n = APPENDS; n < APPENDS + 20; n++) {
      await store.append('ticks-1', [Ticked({ n })]);
      await waitUntil(() => handled('blocked').length === n + 1 && handled('fast-0').length === n + 1, `tick ${n} handled`);
    }
    expect(store.reads - rejoined).toBeLessThanOrEqual(2 * 20 + 5);
    await sleep(200); // room for a wrong extra delivery to show
    const every = Array.from({ length: APPENDS + 20 }, (_, n) => n);
    expect(handled('blocked')).toEqual(every);
    for (const name of fast) expect(handled(name)).toEqual(every);
  }, 60_000);

  it('a hot subscriber started after 1,000 events handles none of them, then every later one, through the shared reader', async () => {
    const history = handled('fast-0').length;
    for (let n = 0; n < 1_000; n += 100) {
      await store.append(
        'ticks-2',
        Array.from({ length: 100 }, (_, i) => Ticked({ n: 10_000 + n + i })),
      );
    }
    // The burst overflowed every buffer: each subscriber caught up alone, and is back at the reader once live.
    const first = ['blocked', ...Array.from({ length: FAST }, (_, i) => `fast-${i}`)];
    await waitUntil(() => first.every((name) => handled(name).length === history + 1_000), 'the live subscribers to handle the 1,000');
    await waitUntil(async () => (await apps[0]!.subscribers.status()).every((status) => status.state === 'live'), 'them to be live again');
    await startApp({ eventHandlers: [LateHot] }); // another app of the process, on the same store: the same reader
    const before = store.reads;
    for (let n = 0; n < 10; n++) {
      await store.append('ticks-3', [Ticked({ n: 20_000 + n })]);
      await waitUntil(() => handled('late-hot').length === n + 1 && handled('fast-0').length === history + 1_001 + n, `tick ${20_000 + n} handled`);
    }
    // Seven subscribers, one reader: reading alone, the hot one would add a read per append.
    expect(store.reads - before).toBeLessThanOrEqual(2 * 10 + 3);
    await sleep(200);
    expect(handled('late-hot')).toEqual(Array.from({ length: 10 }, (_, n) => 20_000 + n));
  }, 60_000);
});
