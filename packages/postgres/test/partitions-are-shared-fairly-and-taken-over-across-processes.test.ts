import { PostgresEventStore } from '../src/events/postgres-event-store';
import { spawnChildApp, type ChildApp } from './support/subscriptions-child-process';
import { onServer, openTestDatabase, type TestDatabase } from './support/subscriptions-database';
import { shares, waitForSplit as waitForSplitOf } from './support/partition-shares';
import { appendDeposits } from './support/subscriptions-domain';
import { foldedBalances, ledgerBalances } from './support/ledger-fold';

const PARTITIONS = 8;

/** Waits until the children hold every partition between them, each exactly once, in these amounts (any order). */
const waitForSplit = (children: ChildApp[], expected: number[], what: string, timeoutMs: number): Promise<number> =>
  waitForSplitOf(children, expected, what, timeoutMs, PARTITIONS);

// Child processes cannot share an in-memory PGlite: this test needs a server (DATABASE_URL; always set in CI).
(onServer ? describe : describe.skip)('a partitioned transactional projector run by several processes (on Postgres)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const children: ChildApp[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('partitions');
    store = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
    await db.client.query(
      `create table "${db.schema}".ledger (event_id text primary key, account text not null, amount integer not null, applied integer not null)`,
    );
    await db.client.query(
      `create table "${db.schema}".handled (seq bigserial primary key, stream_id text not null, version integer not null, pid integer not null)`,
    );
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill('SIGKILL')));
    await store.close();
    await db.drop();
  });

  it('shares 8 partitions 3/3/2, rebalances to 2/2/2/2 when a fourth joins, takes over a SIGKILLed one within 5 s, and handles every event once, in stream order', async () => {
    const spawn = (): ChildApp => {
      const child = spawnChildApp(
        { DATABASE_URL: db.url!, SCHEMA: db.schema, PARTITIONS: String(PARTITIONS), DELAY_MS: '2', BATCH_SIZE: '50', TAKEOVER_MS: '250' },
        'partitioned-child-app.ts',
      );
      children.push(child);
      return child;
    };
    let appended = 0;
    const append = async (count: number): Promise<void> => {
      await appendDeposits(store, count, { accounts: 40, perAppend: 5, offset: appended });
      appended += count;
    };

    await append(1_000);
    const first = [spawn(), spawn(), spawn()];
    await waitForSplit(first, [3, 3, 2], 'three processes share the partitions', 30_000);

    await append(1_000);
    const fourth = spawn();
    // The clock starts once it runs: starting a process on a loaded machine is not what is measured.
    await fourth.waitFor((report) => Array.isArray(report['active']), 'the fourth process to start', 60_000);
    await waitForSplit([...first, fourth], [2, 2, 2, 2], 'a fourth process gets its share', 30_000);

    // Kill one holding partitions while every process is busy with a backlog (2 ms per event).
    await append(2_000);
    const victim = first.find((child) => shares([child])[0]!.length > 0)!;
    await victim.waitFor((report) => (report['handled'] as number) > 0, 'the victim to be handling events');
    await victim.kill('SIGKILL');
    const survivors = [...first, fourth].filter((child) => child !== victim);
    const takeoverMs = await waitForSplit(survivors, [3, 3, 2], 'the survivors take the dead process’s partitions', 20_000);
    expect(takeoverMs).toBeLessThan(5_000);

    await append(500);
    const deadline = Date.now() + 60_000;
    const count = async (): Promise<number> => (await db.client.query<{ n: number }>(`select count(*)::int as n from "${db.schema}".ledger`)).rows[0]!.n;
    while ((await count()) < appended && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await Promise.all(survivors.map((child) => child.kill('SIGTERM')));

    // Every event applied exactly once (none skipped, none twice across the handovers and the kill).
    const ledger = await db.client.query<{ rows: number; once: number }>(
      `select count(*)::int as rows, (count(*) filter (where applied = 1))::int as once from "${db.schema}".ledger`,
    );
    expect(ledger.rows[0]).toEqual({ rows: appended, once: appended });

    // The read model equals a fold of the log.
    expect(await ledgerBalances(db)).toEqual(await foldedBalances(store));

    // Per-stream order: in handling order, each stream's versions are 1, 2, 3... with no gap or repeat.
    const handled = await db.client.query<{ stream_id: string; versions: number[] }>(
      `select stream_id, array_agg(version order by seq) as versions from "${db.schema}".handled group by stream_id`,
    );
    for (const row of handled.rows) expect(row.versions).toEqual(Array.from({ length: row.versions.length }, (_, i) => i + 1));
    expect(handled.rows.reduce((sum, row) => sum + row.versions.length, 0)).toBe(appended);
    // Several processes did the work.
    const pids = await db.client.query<{ n: number }>(`select count(distinct pid)::int as n from "${db.schema}".handled`);
    expect(pids.rows[0]!.n).toBeGreaterThanOrEqual(3);
  }, 180_000);
});
