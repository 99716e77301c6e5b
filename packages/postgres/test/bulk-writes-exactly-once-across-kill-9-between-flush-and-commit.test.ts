import { createApp } from '@factum/core';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { bulkLedger, bulkLedgerTables } from './support/bulk-ledger';
import { spawnChildApp } from './support/subscriptions-child-process';
import { appendDeposits } from './support/subscriptions-domain';
import { onServer, openTestDatabase, type TestDatabase } from './support/subscriptions-database';

// A child process cannot share an in-memory PGlite: this test needs a server (DATABASE_URL; always set in CI).
(onServer ? describe : describe.skip)('a kill -9 after a batch of staged bulk writes was flushed, before it committed (on Postgres)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await openTestDatabase('bulkkill9');
    store = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
    for (const statement of bulkLedgerTables(db.schema, 'bulk')) await db.client.query(statement);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('loses nothing and applies nothing twice after a restart', async () => {
    await appendDeposits(store, 1_000, { accounts: 7 });
    const rows = async () =>
      (
        await db.client.query<{ rows: number; once: number; balance: number; deposits: number }>(
          `select (select count(*) from "${db.schema}".bulk)::int as rows,
                  (select count(*) from "${db.schema}".bulk where applied = 1)::int as once,
                  (select coalesce(sum(balance), 0) from "${db.schema}".bulk_balances)::int as balance,
                  (select coalesce(sum(deposits), 0) from "${db.schema}".bulk_balances)::int as deposits`,
        )
      ).rows[0]!;

    // The child writes its third batch of 100 (events 201-300) into the open transaction, then hangs before the checkpoint and COMMIT.
    const child = spawnChildApp({ DATABASE_URL: db.url!, SCHEMA: db.schema, NAME: 'bulk', BATCH_SIZE: '100', PAUSE_AFTER_FLUSH: '250' }, 'bulk-child-app.ts');
    await child.waitFor((report) => report['paused'] === 300, 'the child to pause after its flush');
    // The batch's rows are in the server, in a transaction that is open: its last statement was the flush.
    const open = await db.client.query<{ query: string }>(
      `select query from pg_stat_activity where datname = current_database() and state = 'idle in transaction' and backend_xid is not null and query like $1`,
      [`insert into "${db.schema}"."bulk_balances"%`],
    );
    expect(open.rows).toHaveLength(1);
    await child.kill('SIGKILL');

    // What committed is exactly the first two batches, each event once, and the checkpoint says so.
    const amounts = (n: number) => (n * (n - 1)) / 2; // appendDeposits gives event i the amount i
    expect(await rows()).toEqual({ rows: 200, once: 200, balance: amounts(200), deposits: 200 });
    let twoHundredth = '';
    let i = 0;
    for await (const event of store.readAll({ limit: 200 })) if (++i === 200) twoHundredth = event.position;
    const checkpoint = await db.client.query<{ position: string }>(`select position from "${db.schema}".checkpoints where name = 'bulk'`);
    expect(checkpoint.rows[0]!.position).toBe(twoHundredth);

    // A restarted app takes over (the lock died with the child) and finishes: 1,000 rows, each applied once.
    const app = await createApp({
      store,
      projectors: [bulkLedger('bulk', db.schema, 'bulk')],
      subscriptions: { store: new PostgresSubscriberStore(db.client, { schema: db.schema }), batchSize: 100 },
    });
    await app.start();
    await app.subscribers.waitFor(await store.headPosition(), { subscribers: ['bulk'], timeoutMs: 20_000 });
    await app.stop();
    expect(await rows()).toEqual({ rows: 1_000, once: 1_000, balance: amounts(1_000), deposits: 1_000 });
  });
});
