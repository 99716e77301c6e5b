import { rmSync, writeFileSync } from 'node:fs';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { runFactum, startFactum } from './support/cli-process';
import { openLedgerApps, type LedgerApps } from './support/ledger-apps';
import { onServer, type TestDatabase } from './support/subscriptions-database';
import { waitUntil } from './support/wait';

const LEDGER = 'crash_ledger';

// A retry killed half-way (SIGKILL inside the transaction that handles the event) is performed
// again by the process that takes over, and the event lands in the read model exactly once.
(onServer ? describe : describe.skip)('a dead-letter retry killed mid-transaction (on Postgres)', () => {
  let apps: LedgerApps;
  let db: TestDatabase;
  let store: PostgresEventStore;
  let failFlag: string;
  let hangFlag: string;
  const startApp = (name: string) => apps.startApp(name);

  beforeAll(async () => {
    apps = await openLedgerApps(LEDGER, 'retry_crash');
    ({ db, store, failFlag, hangFlag } = apps);
  });
  afterAll(() => apps.close());

  it('performs it again in the next owner, and the read model has the event once', async () => {
    const subscribers = new PostgresSubscriberStore(db.client, { schema: db.schema });
    writeFileSync(failFlag, '');
    const first = startApp('app-1');
    await first.waitFor((report) => (report.active as string[] | undefined)?.includes(LEDGER) === true, 'app-1 runs the ledger', 30_000);
    const { events } = await store.append('wallet-1', [
      { type: 'Deposited', data: { account: 'a', amount: 5 } },
      { type: 'Deposited', data: { account: 'a', amount: -3 } },
      { type: 'Deposited', data: { account: 'a', amount: 7 } },
    ]);
    const bad = events[1]!.eventId;
    await waitUntil(async () => (await subscribers.deadLetters.list(LEDGER)).length === 1, 'the bad event is dead-lettered', 30_000);

    // The fix is deployed, but the retry is killed inside its transaction, after its read-model writes.
    rmSync(failFlag);
    writeFileSync(hangFlag, '');
    const retry = startFactum(['dead-letters', 'retry', LEDGER, bad, '--schema', db.schema], { DATABASE_URL: db.url });
    await first.waitFor((report) => report.paused === bad, 'the retry is inside its transaction', 30_000);
    await first.kill('SIGKILL');
    const [operation] = await subscribers.operations.history(LEDGER);
    expect(operation).toMatchObject({ kind: 'retry-dead-letter', state: 'running', performer: 'app-1' });

    rmSync(hangFlag);
    startApp('app-2');
    // The CLI that asked is still following the request: the new owner finishes it.
    expect(await retry.exited).toBe(0);
    expect(retry.stdout).toContain(`retried ${bad}`);
    expect(await subscribers.operations.get(operation!.id)).toMatchObject({ state: 'done', performer: 'app-2' });
    expect(await subscribers.deadLetters.list(LEDGER)).toEqual([]);
    const rows = await db.client.query<{ event_id: string; applied: number }>(`select event_id, applied from "${db.schema}"."${LEDGER}" order by event_id`);
    expect(rows.rows).toHaveLength(3);
    expect(rows.rows.every((row) => row.applied === 1)).toBe(true);
    const balance = await db.client.query<{ balance: number }>(`select balance from "${db.schema}"."${LEDGER}_balances" where account = 'a'`);
    expect(balance.rows[0]!.balance).toBe(9);
  }, 120_000);

  it('commits the handling and the removal of the dead letter together: a failed removal leaves no effect behind', async () => {
    const subscribers = new PostgresSubscriberStore(db.client, { schema: db.schema });
    writeFileSync(failFlag, '');
    const { events } = await store.append('wallet-2', [{ type: 'Deposited', data: { account: 'b', amount: -4 } }]);
    const bad = events[0]!.eventId;
    await waitUntil(async () => (await subscribers.deadLetters.list(LEDGER)).length === 1, 'the event is dead-lettered', 30_000);
    rmSync(failFlag);
    // The removal of the dead letter fails after the handler has written its row.
    const letters = `"${db.schema}".dead_letters`;
    await db.client.query(
      `create function "${db.schema}".refuse_delete() returns trigger language plpgsql as $$ begin raise exception 'removal refused'; end $$`,
    );
    await db.client.query(`create trigger refuse_delete before delete on ${letters} for each row execute function "${db.schema}".refuse_delete()`);
    const refused = await runFactum(['dead-letters', 'retry', LEDGER, bad, '--schema', db.schema], { DATABASE_URL: db.url });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/removal refused/);
    const row = () => db.client.query<{ applied: number }>(`select applied from "${db.schema}"."${LEDGER}" where event_id = $1`, [bad]);
    expect((await row()).rows).toEqual([]); // the handler's write was rolled back with the removal

    await db.client.query(`drop trigger refuse_delete on ${letters}`);
    const retried = await runFactum(['dead-letters', 'retry', LEDGER, bad, '--schema', db.schema], { DATABASE_URL: db.url });
    expect(retried.code).toBe(0);
    expect((await row()).rows).toEqual([{ applied: 1 }]);
    expect(await subscribers.deadLetters.list(LEDGER)).toEqual([]);
  }, 120_000);
});
