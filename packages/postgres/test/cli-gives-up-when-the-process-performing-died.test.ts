import { rmSync, writeFileSync } from 'node:fs';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { runFactum, startFactum } from './support/cli-process';
import { openLedgerApps, type LedgerApps } from './support/ledger-apps';
import { onServer, type TestDatabase } from './support/subscriptions-database';
import { waitUntil } from './support/wait';

const LEDGER = 'orphan_ledger';

// The app that took a retry is SIGKILLed and no other process runs the subscriber: the CLI that
// asked stops waiting after --timeout with a clear error, instead of waiting forever. The request
// stays open, and the next process to run the subscriber takes it over and performs it.
(onServer ? describe : describe.skip)('factum when the process performing its request died (on Postgres)', () => {
  let apps: LedgerApps;
  let db: TestDatabase;
  let store: PostgresEventStore;
  let failFlag: string;
  let hangFlag: string;
  const startApp = (name: string) => apps.startApp(name);

  beforeAll(async () => {
    apps = await openLedgerApps(LEDGER, 'orphan_request');
    ({ db, store, failFlag, hangFlag } = apps);
  });
  afterAll(() => apps.close());

  it('exits non-zero after --timeout naming the subscriber; the next owner performs the request', async () => {
    const subscribers = new PostgresSubscriberStore(db.client, { schema: db.schema });
    writeFileSync(failFlag, '');
    const first = startApp('app-1');
    await first.waitFor((report) => (report.active as string[] | undefined)?.includes(LEDGER) === true, 'app-1 runs the ledger', 30_000);
    const { events } = await store.append('wallet-1', [{ type: 'Deposited', data: { account: 'a', amount: -3 } }]);
    const bad = events[0]!.eventId;
    await waitUntil(async () => (await subscribers.deadLetters.list(LEDGER)).length === 1, 'the event is dead-lettered', 30_000);

    rmSync(failFlag);
    writeFileSync(hangFlag, '');
    const retry = startFactum(['dead-letters', 'retry', LEDGER, bad, '--timeout', '1500', '--schema', db.schema], { DATABASE_URL: db.url });
    await first.waitFor((report) => report.paused === bad, 'the retry is inside its transaction', 30_000);
    // While the performer lives (it reports), the CLI waits longer than --timeout.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(retry.stderr).toBe('');
    const killedAt = Date.now();
    await first.kill('SIGKILL');

    expect(await retry.exited).toBe(1);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    expect(retry.stderr).toMatch(/SUBSCRIBER_NOT_RUNNING/);
    expect(retry.stderr).toContain(`No process runs subscriber '${LEDGER}'`);
    expect(retry.stdout).toBe('');
    const [operation] = await subscribers.operations.history(LEDGER);
    expect(operation).toMatchObject({ kind: 'retry-dead-letter', state: 'running', performer: 'app-1' });

    // Nothing runs the ledger: a rebuild gives up the same way (no process takes it: cancelled).
    const rebuild = await runFactum(['rebuild', LEDGER, '--timeout', '1000', '--schema', db.schema], { DATABASE_URL: db.url });
    expect(rebuild.code).toBe(1);
    expect(rebuild.stderr).toMatch(/'orphan_ledger' within 1000 ms[\s\S]*OPERATION_TIMEOUT/);

    // The next process to run the ledger takes the orphaned retry over: the event is booked once.
    rmSync(hangFlag);
    startApp('app-2');
    await waitUntil(async () => (await subscribers.operations.get(operation!.id))?.state === 'done', 'the new owner performs the retry', 30_000);
    expect(await subscribers.operations.get(operation!.id)).toMatchObject({ state: 'done', performer: 'app-2' });
    expect(await subscribers.deadLetters.list(LEDGER)).toEqual([]);
    const rows = await db.client.query<{ applied: number }>(`select applied from "${db.schema}"."${LEDGER}" where event_id = $1`, [bad]);
    expect(rows.rows).toEqual([{ applied: 1 }]);
  }, 120_000);

  it('refuses a --timeout that is not a positive whole number of milliseconds', async () => {
    for (const timeout of ['soon', '0', '-5', '1.5']) {
      const run = await runFactum(['rebuild', LEDGER, `--timeout=${timeout}`, '--schema', db.schema], { DATABASE_URL: db.url });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--timeout takes a whole number of milliseconds');
    }
  }, 60_000);
});
