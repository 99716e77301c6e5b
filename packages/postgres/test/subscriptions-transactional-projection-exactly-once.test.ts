import { createApp, type App, type AppOptions } from '@factum/core';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { appendDeposits, Deposit, ledgerTables, transactionalLedger, Wallet } from './support/subscriptions-domain';
import { openTestDatabase, where, type TestDatabase } from './support/subscriptions-database';

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe(`transactional projections ${where}`, () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await openTestDatabase('txproj');
    store = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const table = async (name: string) =>
    (
      await db.client.query<{ rows: string; once: string; total: string }>(
        `select count(*)::text as rows, count(*) filter (where applied = 1)::text as once, coalesce(sum(amount), 0)::text as total from "${db.schema}"."${name}"`,
      )
    ).rows[0]!;
  const balances = async (name: string) =>
    Object.fromEntries(
      (await db.client.query<{ account: string; balance: number }>(`select account, balance from "${db.schema}"."${name}_balances" order by account`)).rows.map(
        (r) => [r.account, r.balance],
      ),
    );
  const createTables = async (name: string) => {
    for (const statement of ledgerTables(db.schema, name)) await db.client.query(statement);
  };
  const appWith = (options: Partial<AppOptions>): Promise<App> =>
    createApp({ store, subscriptions: { store: new PostgresSubscriberStore(db.client, { schema: db.schema }), batchSize: 100 }, ...options });
  const status = async (app: App, name: string) => (await app.subscribers.status()).find((s) => s.name === name)!;
  const caughtUp = async (app: App, name: string) => {
    const current = await status(app, name);
    return current.lag === 0 && current.position === (await store.headPosition());
  };

  it('resumes from its checkpoint after a restart: every event applied exactly once', async () => {
    await createTables('resume');
    await appendDeposits(store, 500);
    const first = await appWith({ projectors: [transactionalLedger('resume', db.schema, 'resume')] });
    await first.start();
    await until(() => caughtUp(first, 'resume'), 'first run caught up');
    await first.stop();
    await appendDeposits(store, 300, { offset: 500 });
    const second = await appWith({ projectors: [transactionalLedger('resume', db.schema, 'resume')] });
    await second.start();
    await until(() => caughtUp(second, 'resume'), 'second run caught up');
    await second.stop();
    expect(await table('resume')).toEqual({ rows: '800', once: '800', total: String((799 * 800) / 2) });
  });

  it.each(['skip', 'stop'] as const)('a handler failing mid-batch rolls its batch back; the events before it commit once (policy %s)', async (policy) => {
    const name = `poison_${policy}`;
    await createTables(name);
    const Ledger = transactionalLedger(name, db.schema, name, {
      startFrom: 'head',
      onError: policy,
      onEvent: (event) => {
        if (event.data.amount === 10_042) throw new Error('poison pill');
      },
    });
    const app = await appWith({ projectors: [Ledger] });
    await app.start();
    await until(async () => (await status(app, name)).state === 'live', 'live');
    await appendDeposits(store, 100, { perAppend: 100, offset: 10_000, accounts: 1 });
    if (policy === 'skip') {
      await until(() => caughtUp(app, name), 'caught up past the poison event');
      expect(await table(name)).toEqual({ rows: '99', once: '99', total: String(100 * 10_000 + (99 * 100) / 2 - 10_042) });
      const letters = await app.subscribers.deadLetters(name);
      expect(letters).toEqual([
        expect.objectContaining({ subscriber: name, eventType: 'Deposited', attempts: 2, error: expect.objectContaining({ message: 'poison pill' }) }),
      ]);
      const stored = await db.client.query(`select count(*)::int as n from "${db.schema}".dead_letters where subscriber = $1`, [name]);
      expect(stored.rows[0]).toEqual({ n: 1 });
    } else {
      await until(async () => (await status(app, name)).state === 'stopped', 'stopped');
      expect(await table(name)).toEqual({ rows: '42', once: '42', total: String(42 * 10_000 + (41 * 42) / 2) });
      expect((await status(app, name)).lastError).toMatchObject({ message: 'poison pill', attempts: 2 });
      expect(await app.subscribers.deadLetters(name)).toEqual([]);
    }
    await app.stop();
  });

  it('a strongly consistent dispatch returns once the read model has the change', async () => {
    await createTables('strong');
    const app = await appWith({ aggregates: [Wallet], projectors: [transactionalLedger('strong', db.schema, 'strong', { startFrom: 'head' })] });
    await app.start();
    for (let i = 1; i <= 5; i++) {
      await app.dispatch(Deposit({ account: 'strong-acc', amount: i }), { consistency: 'strong' });
      expect(await balances('strong')).toEqual({ 'strong-acc': (i * (i + 1)) / 2 });
    }
    await app.stop();
  });

  it('a rebuild (reset in the transaction, replay) gives the read model live processing built', async () => {
    await createTables('rebuilt');
    const app = await appWith({ projectors: [transactionalLedger('rebuilt', db.schema, 'rebuilt')] });
    await app.start();
    await until(() => caughtUp(app, 'rebuilt'), 'live caught up');
    const live = { table: await table('rebuilt'), balances: await balances('rebuilt') };
    const progress: number[] = [];
    const report = await app.projections.rebuild('rebuilt', { onProgress: (p) => progress.push(p.done) });
    expect({ table: await table('rebuilt'), balances: await balances('rebuilt') }).toEqual(live);
    expect(report.events).toBe(Number(live.table.rows));
    expect(progress.length).toBeGreaterThan(1);
    await app.stop();
  });
});
