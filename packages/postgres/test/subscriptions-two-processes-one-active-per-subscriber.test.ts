import { PostgresEventStore } from '../src/events/postgres-event-store';
import { spawnChildApp, type ChildApp } from './support/subscriptions-child-process';
import { appendDeposits, ledgerTables } from './support/subscriptions-domain';
import { onServer, openTestDatabase, type TestDatabase } from './support/subscriptions-database';

const NAMES = ['p1', 'p2', 'p3'];
const activeIn = (child: ChildApp): string[] => (child.latest['active'] as string[] | undefined) ?? [];

// Two processes need a server to share (DATABASE_URL; always set in CI).
(onServer ? describe : describe.skip)('two app processes against one database (on Postgres)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const children: ChildApp[] = [];
  beforeAll(async () => {
    db = await openTestDatabase('leaders');
    store = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
    for (const name of NAMES) for (const statement of ledgerTables(db.schema, name)) await db.client.query(statement);
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill('SIGKILL')));
    await store.close();
    await db.drop();
  });

  const applied = async () => {
    const counts: Record<string, { rows: number; once: number }> = {};
    for (const name of NAMES) {
      counts[name] = (
        await db.client.query<{ rows: number; once: number }>(
          `select count(*)::int as rows, (count(*) filter (where applied = 1))::int as once from "${db.schema}"."${name}"`,
        )
      ).rows[0]!;
    }
    return counts;
  };
  const until = async (check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const everywhere = (rows: number) => Object.fromEntries(NAMES.map((name) => [name, { rows, once: rows }]));

  it('run each subscriber in exactly one process, and the other takes over within seconds when that one is killed', async () => {
    const env = { DATABASE_URL: db.url!, SCHEMA: db.schema, PROJECTORS: NAMES.join(','), TAKEOVER_MS: '250' };
    const a = spawnChildApp(env);
    const b = spawnChildApp(env);
    children.push(a, b);
    await Promise.all([a.waitFor((r) => 'active' in r, 'a reports'), b.waitFor((r) => 'active' in r, 'b reports')]);
    // Each subscriber active in exactly one of the two.
    await until(() => [...activeIn(a), ...activeIn(b)].sort().join() === NAMES.join(), 'every subscriber active exactly once');

    await appendDeposits(store, 300);
    await until(async () => JSON.stringify(await applied()) === JSON.stringify(everywhere(300)), 'all events applied once by the active ones');

    // Kill -9 whichever process runs p1; the other must take p1 over.
    const victim = activeIn(a).includes('p1') ? a : b;
    const survivor = victim === a ? b : a;
    const killedAt = Date.now();
    await victim.kill('SIGKILL');
    await survivor.waitFor((report) => NAMES.every((name) => (report['active'] as string[]).includes(name)), 'the survivor to run every subscriber', 10_000);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(5_000);

    await appendDeposits(store, 300, { offset: 300 });
    await until(async () => JSON.stringify(await applied()) === JSON.stringify(everywhere(600)), 'all events applied once after the takeover');
    await survivor.kill('SIGTERM');
    // Two child processes' start-up, 600 events and a takeover: more than jest's 30 s on a loaded machine.
  }, 120_000);
});
