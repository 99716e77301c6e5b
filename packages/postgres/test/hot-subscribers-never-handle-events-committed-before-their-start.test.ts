import { createApp, defineEvent, EventHandler, On, ProcessManager, type App, type DecodedEvent, type ProcessContext } from '@factum/core';
import { z } from 'zod';
import { PgSqlClient } from '../src/client/pg-client';
import type { SqlClient, SqlSession } from '../src/client/sql-client';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { PostgresSubscriberLocks } from '../src/subscriptions/postgres-subscriber-locks';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { DATABASE_URL, onServer, uniqueSchema } from './support/test-database';
import { waitUntil } from './support/wait';

/**
 * Hot start is exact: a process manager or head-started event handler never handles an event
 * whose append had committed before its first start, even while an older append is still open
 * (which keeps that event from being readable when the subscriber starts), and handles every
 * event committed after, in the first process and in a second one that takes over.
 *
 * The scenario, as the bug was found: o-1 is placed; a transaction appends o-held and stays
 * open; o-2 is placed and commits (readable only once o-held's transaction ends); the app
 * starts; the open transaction commits; o-3 is placed. Handled must be o-held and o-3: o-held
 * committed after the start, o-1 and o-2 before it.
 */
const OrderPlaced = defineEvent('OrderPlaced', z.object({ orderId: z.string() }));

const handled = { shipping: [] as string[], mailer: [] as string[] };

@ProcessManager({ name: 'shipping' })
class Shipping {
  @On(OrderPlaced, { start: true, key: (event) => event.orderId })
  placed(event: DecodedEvent<typeof OrderPlaced>, ctx: ProcessContext<{ orderId: string }>): void {
    handled.shipping.push(event.data.orderId);
    ctx.end();
  }
}

@EventHandler({ name: 'mailer', startFrom: 'head' })
class Mailer {
  @On(OrderPlaced)
  placed(event: DecodedEvent<typeof OrderPlaced>): void {
    handled.mailer.push(event.data.orderId);
  }
}

(onServer ? describe : describe.skip)('hot subscribers never see history (needs PostgreSQL: set DATABASE_URL)', () => {
  let schema: string;
  const clients: SqlClient[] = [];
  const apps: App[] = [];
  let session: SqlSession | undefined;

  const connect = (): PgSqlClient => {
    const client = PgSqlClient.connect({ connectionString: DATABASE_URL, max: 6 });
    clients.push(client);
    return client;
  };
  /** One process's app: its own pool, store and leases, as another process would have. */
  const startApp = async (client: SqlClient): Promise<{ app: App; store: PostgresEventStore }> => {
    const store = new PostgresEventStore(client, { schema, pollIntervalMs: 100 });
    const app = await createApp({
      store,
      processManagers: [Shipping],
      eventHandlers: [Mailer],
      subscriptions: {
        store: new PostgresSubscriberStore(client, { schema }),
        locks: new PostgresSubscriberLocks(client, { schema, heartbeatMs: 200 }),
        takeoverIntervalMs: 200,
      },
    });
    apps.push(app);
    await app.start();
    await waitUntil(async () => (await app.subscribers.status()).every((status) => status.state === 'live'), 'both subscribers to be live');
    return { app, store };
  };
  const place = (store: PostgresEventStore, orderId: string) => store.append(`order-${orderId}`, [OrderPlaced({ orderId })]);

  /** Places o-1, holds o-held open in a transaction, places o-2 (committed, held back). Returns the commit. */
  const history = async (store: PostgresEventStore): Promise<() => Promise<void>> => {
    await place(store, 'o-1');
    session = await clients[0]!.session();
    await session.query('begin');
    await store.append('order-o-held', [OrderPlaced({ orderId: 'o-held' })], {
      transaction: { query: session.query.bind(session), afterCommit: () => undefined },
    });
    await place(store, 'o-2');
    const readable = [];
    for await (const event of store.readAll()) readable.push((event.data as { orderId: string }).orderId);
    expect(readable).toEqual(['o-1']); // o-2 has committed but waits behind o-held's open transaction
    return async () => {
      await session!.query('commit');
    };
  };

  beforeEach(async () => {
    schema = uniqueSchema('hot');
    handled.shipping = [];
    handled.mailer = [];
    await new PostgresEventStore(connect(), { schema, listen: false, notify: false }).migrate();
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop().catch(() => undefined);
    await session?.release();
    session = undefined;
    await clients[0]?.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
    for (const client of clients.splice(0)) await client.close().catch(() => undefined);
  });

  it('in one process: the events committed before the start are never handled, every later one is', async () => {
    const writer = new PostgresEventStore(connect(), { schema, listen: false });
    const commitHeld = await history(writer);
    const { app, store } = await startApp(connect());
    await commitHeld();
    await waitUntil(() => handled.shipping.length >= 1 && handled.mailer.length >= 1, 'o-held to be handled');
    // o-2 now sorts after what they handled, but they never read it: it is not lag, they are idle.
    await waitUntil(async () => (await app.subscribers.status()).every((status) => status.lag === 0), 'no lag');
    await place(store, 'o-3');
    await waitUntil(() => handled.shipping.length >= 2 && handled.mailer.length >= 2, 'o-held and o-3 to be handled');
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for a wrong extra delivery to show
    expect(handled.shipping).toEqual(['o-held', 'o-3']);
    expect(handled.mailer).toEqual(['o-held', 'o-3']);
    await writer.close();
  });

  it('across two processes: the one that takes over reads with the marker the first one recorded', async () => {
    const writer = new PostgresEventStore(connect(), { schema, listen: false });
    const commitHeld = await history(writer);
    const first = await startApp(connect()); // records the start markers, handles nothing
    await first.app.stop();
    expect(handled).toEqual({ shipping: [], mailer: [] });
    await commitHeld(); // while no process runs the subscribers
    const second = await startApp(connect());
    await place(second.store, 'o-3');
    await waitUntil(() => handled.shipping.length >= 2 && handled.mailer.length >= 2, 'o-held and o-3 to be handled');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(handled.shipping).toEqual(['o-held', 'o-3']);
    expect(handled.mailer).toEqual(['o-held', 'o-3']);
    await writer.close();
  });
});
