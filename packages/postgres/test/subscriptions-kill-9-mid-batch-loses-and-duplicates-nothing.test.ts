import { createApp } from '@factum/core';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { spawnChildApp } from './support/subscriptions-child-process';
import { appendDeposits, ledgerTables, transactionalLedger } from './support/subscriptions-domain';
import { onServer, openTestDatabase, type TestDatabase } from './support/subscriptions-database';

// A child process cannot share an in-memory PGlite: this test needs a server (DATABASE_URL; always set in CI).
(onServer ? describe : describe.skip)('a kill -9 in the middle of a transactional projection batch (on Postgres)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await openTestDatabase('kill9');
    store = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
    for (const statement of ledgerTables(db.schema, 'ledger')) await db.client.query(statement);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('loses nothing and duplicates nothing after a restart', async () => {
    await appendDeposits(store, 1_000, { accounts: 7 });
    const rows = async () =>
      (
        await db.client.query<{ rows: number; once: number }>(
          `select count(*)::int as rows, (count(*) filter (where applied = 1))::int as once from "${db.schema}".ledger`,
        )
      ).rows[0]!;

    // The child handles 250 events and hangs inside the transaction of its third batch of 100.
    const child = spawnChildApp({ DATABASE_URL: db.url!, SCHEMA: db.schema, PROJECTORS: 'ledger', BATCH_SIZE: '100', PAUSE_AFTER: '250' });
    await child.waitFor((report) => report['paused'] === 250, 'the child to pause mid-batch');
    const uncommitted = await db.client.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'idle in transaction' and query like $1`,
      [`%${db.schema}%`],
    );
    expect(uncommitted.rows[0]!.n).toBeGreaterThanOrEqual(1); // the batch's transaction is open
    await child.kill('SIGKILL');

    // What committed is exactly the first two batches, each event once, and the checkpoint says so.
    expect(await rows()).toEqual({ rows: 200, once: 200 });
    let twoHundredth = '';
    let i = 0;
    for await (const event of store.readAll({ limit: 200 })) if (++i === 200) twoHundredth = event.position;
    const checkpoint = await db.client.query<{ position: string }>(`select position from "${db.schema}".checkpoints where name = 'ledger'`);
    expect(checkpoint.rows[0]!.position).toBe(twoHundredth);

    // A restarted app takes over (the lock died with the child) and finishes: 1,000 rows, each applied once.
    const app = await createApp({
      store,
      projectors: [transactionalLedger('ledger', db.schema, 'ledger')],
      subscriptions: { store: new PostgresSubscriberStore(db.client, { schema: db.schema }), batchSize: 100 },
    });
    await app.start();
    const deadline = Date.now() + 15_000;
    while ((await rows()).rows < 1_000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await app.stop();
    expect(await rows()).toEqual({ rows: 1_000, once: 1_000 });
    const totals = await db.client.query<{ total: number; sum: number }>(
      `select (select sum(balance) from "${db.schema}".ledger_balances)::int as total, (select sum(amount) from "${db.schema}".ledger)::int as sum`,
    );
    expect(totals.rows[0]).toEqual({ total: (999 * 1_000) / 2, sum: (999 * 1_000) / 2 });
  });
});
