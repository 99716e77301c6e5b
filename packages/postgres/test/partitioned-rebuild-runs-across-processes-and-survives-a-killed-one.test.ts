import { PostgresEventStore } from '../src/events/postgres-event-store';
import { runFactum, startFactum } from './support/cli-process';
import { shares, waitForSplit } from './support/partition-shares';
import { spawnChildApp, type ChildApp } from './support/subscriptions-child-process';
import { onServer, openTestDatabase, type TestDatabase } from './support/subscriptions-database';
import { appendDeposits } from './support/subscriptions-domain';
import { foldedBalances, ledgerBalances } from './support/ledger-fold';

const PARTITIONS = 8;
const EVENTS = 3_000;

// Three app processes share the partitions of a transactional projector; the factum CLI, in
// other processes, shows them and rebuilds the projector. Needs a server (DATABASE_URL; always set in CI).
(onServer ? describe : describe.skip)('a partitioned projector rebuilt across processes (on Postgres)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const children: ChildApp[] = [];
  const count = async (): Promise<{ rows: number; once: number }> =>
    (
      await db.client.query<{ rows: number; once: number }>(
        `select count(*)::int as rows, (count(*) filter (where applied = 1))::int as once from "${db.schema}".ledger`,
      )
    ).rows[0]!;

  beforeAll(async () => {
    db = await openTestDatabase('part_rebuild');
    store = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
    await db.client.query(
      `create table "${db.schema}".ledger (event_id text primary key, account text not null, amount integer not null, applied integer not null)`,
    );
    await db.client.query(
      `create table "${db.schema}".handled (seq bigserial primary key, stream_id text not null, version integer not null, pid integer not null)`,
    );
    await appendDeposits(store, EVENTS, { accounts: 40, perAppend: 5 });
    for (let i = 1; i <= 3; i++) {
      const env = { DATABASE_URL: db.url!, SCHEMA: db.schema, PARTITIONS: String(PARTITIONS), DELAY_MS: '1', BATCH_SIZE: '50', TAKEOVER_MS: '250' };
      children.push(spawnChildApp({ ...env, PROCESS_NAME: `app-${i}` }, 'partitioned-child-app.ts'));
    }
    await waitForSplit(children, [3, 3, 2], 'three processes share the partitions', 60_000, PARTITIONS);
    const deadline = Date.now() + 90_000;
    while ((await count()).rows < EVENTS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill('SIGKILL')));
    await store.close();
    await db.drop();
  });

  it('factum status groups the partitions under their subscriber, with owners, states, lag and a summary per subscriber (text and --json)', async () => {
    const factum = (...args: string[]) => runFactum([...args, '--schema', db.schema], { DATABASE_URL: db.url });
    type Status = {
      subscribers: Array<{ name: string; partition: { subscriber: string; index: number } | null; owner: string | null; state: string; lag: number }>;
      partitioned: Array<{ subscriber: string; partitions: number; owners: Record<string, number>; unowned: number; maxLag: number | null }>;
    };
    // Every partition reported by its owner (reports come every second) and caught up.
    let status: Status | undefined;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const run = await factum('status', '--json');
      expect(run.code).toBe(0);
      status = JSON.parse(run.stdout) as Status;
      const summary = status.partitioned.find((candidate) => candidate.subscriber === 'ledger');
      if (summary && summary.unowned === 0 && summary.maxLag === 0) break;
      if (Date.now() > deadline) throw new Error(`the partitions were not all reported: ${run.stdout}`);
    }
    const partitions = status.subscribers.filter((subscriber) => subscriber.partition?.subscriber === 'ledger');
    expect(partitions.map((partition) => partition.partition!.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const partition of partitions) expect(partition).toMatchObject({ owner: expect.stringMatching(/^app-[123]$/), state: 'live', lag: 0 });
    const summary = status.partitioned.find((candidate) => candidate.subscriber === 'ledger')!;
    expect(summary).toMatchObject({ partitions: 8, unowned: 0, maxLag: 0 });
    expect(Object.values(summary.owners).sort()).toEqual([2, 3, 3]);
    // The owners as the children themselves report them.
    for (const [i, child] of children.entries()) expect(summary.owners[`app-${i + 1}`]).toBe(shares([child])[0]!.length);

    const text = await factum('status');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}ledger +projector +partitioned *$/m);
    for (let index = 0; index < PARTITIONS; index++) expect(text.stdout).toMatch(new RegExp(`^ {4}#${index} +projector +live +0 .*app-[123]`, 'm'));
    expect(text.stdout).toMatch(/^partitions {2}ledger: 8 partitions, app-1 \d, app-2 \d, app-3 \d; max lag 0$/m);
  }, 120_000);

  it('resets once, replays every partition side by side in every process, finishes when the process holding partition 0 is SIGKILLed mid-rebuild, and applies each event once', async () => {
    expect(await count()).toEqual({ rows: EVENTS, once: EVENTS });
    const before = (await db.client.query<{ seq: string }>(`select coalesce(max(seq), 0)::text as seq from "${db.schema}".handled`)).rows[0]!.seq;

    // A fourth process asks for the rebuild and draws its progress.
    const rebuild = startFactum(['rebuild', 'ledger', '--schema', db.schema, '--timeout', '30000'], { DATABASE_URL: db.url });
    // The reset happened (the ledger emptied) and the replay is under way: kill the coordinator, partition 0's holder.
    const replaying = Date.now() + 60_000;
    for (;;) {
      const { rows } = await count();
      if (rows > 0 && rows < EVENTS / 2) break;
      if (Date.now() > replaying) throw new Error(`the replay did not start; ledger rows: ${rows}; factum: ${rebuild.stdout} ${rebuild.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const victim = children.find((child) => shares([child])[0]!.includes('ledger#0'))!;
    expect(victim).toBeDefined();
    await victim.kill('SIGKILL');

    expect(await rebuild.exited).toBe(0);
    expect(rebuild.stdout).toMatch(new RegExp(`Rebuilt ledger: ${EVENTS} events`));
    // The caller saw progress of the whole (done/total over every partition) before the end.
    expect(rebuild.stdout).toMatch(new RegExp(`\\d+/${EVENTS} events`));

    // Every event applied exactly once into the reset read model, none skipped, none twice (across the kill too).
    expect(await count()).toEqual({ rows: EVENTS, once: EVENTS });
    // The read model equals a fold of the log.
    expect(await ledgerBalances(db)).toEqual(await foldedBalances(store));
    // The replay ran in several processes side by side, the survivors finishing the victim's partitions.
    const replayedBy = await db.client.query<{ pid: number; events: number }>(
      `select pid, count(*)::int as events from "${db.schema}".handled where seq > $1 group by pid`,
      [before],
    );
    expect(replayedBy.rows.length).toBeGreaterThanOrEqual(2);
    const survivors = children.filter((child) => child !== victim).map((child) => child.process.pid);
    expect(replayedBy.rows.filter((row) => survivors.includes(row.pid)).length).toBe(2);
  }, 240_000);
});
