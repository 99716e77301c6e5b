import { rmSync, writeFileSync } from 'node:fs';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { runFactum, startFactum } from './support/cli-process';
import { openLedgerApps, type LedgerApps } from './support/ledger-apps';
import { onServer, type TestDatabase } from './support/subscriptions-database';
import { waitUntil } from './support/wait';

const LEDGER = 'cli_ledger';
const TOTAL = 1_500;

// The app runs in a child process and the CLI in others, sharing one server (DATABASE_URL; always set in CI).
(onServer ? describe : describe.skip)('the factum CLI against an app that runs in another process (on Postgres)', () => {
  let apps: LedgerApps;
  let db: TestDatabase;
  let store: PostgresEventStore;
  let failFlag: string;
  const factum = (...args: string[]) => runFactum([...args, '--schema', db.schema], { DATABASE_URL: db.url });
  const ledger = async () =>
    (
      await db.client.query<{ rows: number; once: number; sum: number }>(
        `select count(*)::int as rows, (count(*) filter (where applied = 1))::int as once, coalesce(sum(amount), 0)::int as sum from "${db.schema}"."${LEDGER}"`,
      )
    ).rows[0]!;
  beforeAll(async () => {
    apps = await openLedgerApps(LEDGER, 'cli_ops');
    ({ db, store, failFlag } = apps);
    writeFileSync(failFlag, 'the bug is deployed');
    const app = apps.startApp('app-process-1');
    await app.waitFor((report) => (report.active as string[] | undefined)?.includes(LEDGER) === true, 'the app runs the ledger', 30_000);
  }, 60_000);
  afterAll(() => apps?.close());

  it('lists dead letters, retries them into the read model exactly once, skips one, shows status and rebuilds with progress', async () => {
    // Three bad events among good ones: the handler fails on them and the `skip` policy dead-letters them.
    const amounts = Array.from({ length: TOTAL }, (_, i) => (i === 10 || i === 500 || i === 1_000 ? -(i + 1) : 1));
    for (let i = 0; i < TOTAL; i += 250) {
      await store.append(
        `wallet-${i}`,
        amounts.slice(i, i + 250).map((amount, j) => ({ type: 'Deposited', data: { account: `a${(i + j) % 7}`, amount } })),
      );
    }
    await waitUntil(async () => (await ledger()).rows === TOTAL - 3, 'the good events are booked', 30_000);
    const bookedAt = Date.now();

    const listed = await factum('dead-letters', 'list', LEDGER, '--json');
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    const letters = (JSON.parse(listed.stdout) as Array<{ eventId: string; error: { message: string }; attempts: number }>).sort();
    expect(letters).toHaveLength(3);
    expect(letters[0]!.error.message).toMatch(/negative amount/);
    const text = await factum('dead-letters', 'list', LEDGER);
    for (const letter of letters) expect(text.stdout).toContain(letter.eventId);

    const status = await factum('status', '--json');
    expect(status.code).toBe(0);
    const subscriber = (JSON.parse(status.stdout) as { subscribers: Array<Record<string, unknown>> }).subscribers.find((s) => s.name === LEDGER);
    expect(subscriber).toMatchObject({ kind: 'projector', owner: 'app-process-1', state: 'live', lag: 0, lagSeconds: 0, lagFiltered: true, deadLetters: 3 });
    // The rate is over the owner's last 10 s: on a loaded machine the CLI runs above can take longer.
    if (Date.now() - bookedAt < 8_000) expect(Number(subscriber!.eventsPerSecond)).toBeGreaterThan(0);
    else expect(Number(subscriber!.eventsPerSecond)).toBeGreaterThanOrEqual(0);
    // The app process publishes receive and process time percentiles over the ledger's latest events.
    const timings = subscriber!.timings as { events: number; receive: Record<string, number>; process: Record<string, number> };
    expect(timings.events).toBeGreaterThan(0);
    for (const times of [timings.receive, timings.process]) {
      expect(times.p50).toBeGreaterThanOrEqual(0);
      expect(times.p50).toBeLessThanOrEqual(times.p95);
      expect(times.p95).toBeLessThanOrEqual(times.p99);
    }
    const statusText = await factum('status');
    expect(statusText.stdout).toMatch(new RegExp(`${LEDGER}\\s+projector\\s+live\\s+0\\s+0\\s+\\S+\\s+3\\s+app-process-1`));
    expect(statusText.stdout).toContain('RECEIVE/PROCESS P95 MS');
    expect(statusText.stdout).toMatch(new RegExp(`${LEDGER}\\s+projector\\s+live\\s+.*\\s${timings.receive.p95}/${timings.process.p95}\\n`));

    // Retrying while the bug is still deployed fails again and keeps the dead letter (one more attempt).
    const stillFailing = await factum('dead-letters', 'retry', LEDGER, letters[0]!.eventId);
    expect(stillFailing.code).toBe(1);
    expect(stillFailing.stderr).toMatch(/OPERATION_FAILED[\s\S]*negative amount|negative amount[\s\S]*OPERATION_FAILED/);
    expect((await ledger()).rows).toBe(TOTAL - 3);

    // Deploy the fix; retry one, then all: each lands in the read model exactly once.
    rmSync(failFlag);
    const one = await factum('dead-letters', 'retry', LEDGER, letters[0]!.eventId);
    expect(one).toMatchObject({ code: 0 });
    expect(one.stdout).toContain(`retried ${letters[0]!.eventId}`);
    expect(await ledger()).toMatchObject({ rows: TOTAL - 2, once: TOTAL - 2 });
    const again = await factum('dead-letters', 'retry', LEDGER, letters[0]!.eventId);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('DEAD_LETTER_NOT_FOUND');

    const skipped = await factum('dead-letters', 'skip', LEDGER, letters[1]!.eventId);
    expect(skipped).toMatchObject({ code: 0 });
    const all = await factum('dead-letters', 'retry', LEDGER, '--all', '--json');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({ retried: [letters[2]!.eventId], failed: [] });
    expect(await ledger()).toMatchObject({ rows: TOTAL - 1, once: TOTAL - 1 });
    expect(JSON.parse((await factum('dead-letters', 'list', LEDGER, '--json')).stdout)).toEqual([]);

    // Rebuild in the app's process, followed from here: the read model is rebuilt once, the skipped event included.
    const rebuilt = await factum('rebuild', LEDGER);
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/\[[#-]{20}\]\s+\d+\/1500 events\s+\d+%\s+\d+ events\/s\s+ETA /);
    expect(rebuilt.stdout).toMatch(/Rebuilt cli_ledger: 1500 events in/);
    const sum = amounts.reduce((total, amount) => total + amount, 0);
    expect(await ledger()).toEqual({ rows: TOTAL, once: TOTAL, sum });
  }, 180_000);

  it('names an unknown subscriber, a missing schema and a missing database, and creates neither', async () => {
    const unknown = await factum('rebuild', 'no_such_projector');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/UNKNOWN_SUBSCRIBER/);
    expect(unknown.stderr).toContain(LEDGER); // the known ones are listed

    const missingSchema = await runFactum(['status', '--schema', `${db.schema}_nothing`], { DATABASE_URL: db.url });
    expect(missingSchema.code).toBe(1);
    expect(missingSchema.stderr).toMatch(/SCHEMA_NOT_MIGRATED/);
    const schemas = await db.client.query(`select 1 from information_schema.schemata where schema_name = $1`, [`${db.schema}_nothing`]);
    expect(schemas.rowCount).toBe(0);

    const url = new URL(db.url!);
    url.pathname = `/${db.schema}_no_such_db`;
    for (const args of [['status'], ['migrate'], ['events', 'show', 'x']]) {
      const missingDatabase = await runFactum([...args, '--database-url', url.toString()]);
      expect(missingDatabase.code).toBe(1);
      expect(missingDatabase.stderr).toMatch(/DATABASE_NOT_FOUND/);
    }
    const databases = await db.client.query(`select 1 from pg_database where datname = $1`, [`${db.schema}_no_such_db`]);
    expect(databases.rowCount).toBe(0);

    // --url stays an alias of --database-url.
    expect((await runFactum(['status', '--url', db.url!, '--schema', db.schema])).code).toBe(0);
    expect((await runFactum(['status'])).code).toBe(2); // no database given at all
  }, 120_000);

  it('events tail prints matching events live, as they commit; status --watch repeats until stopped', async () => {
    const env = { DATABASE_URL: db.url };
    const tail = (...args: string[]) => startFactum(['events', 'tail', ...args, '--schema', db.schema], env);
    const byCategory = tail('--category', 'parcel', '--limit', '3', '--json');
    const byCorrelation = tail('--correlation', 'order-77', '--limit', '2');
    const byStreamAndType = tail('--stream', 'parcel-2', '--type', 'Shipped', '--limit', '1');
    for (const run of [byCategory, byCorrelation, byStreamAndType]) await run.until((_, err) => err.includes('tailing'), 'the tail is live');

    await store.append('parcel-1', [{ type: 'Packed', data: {}, correlationId: 'order-77' }]);
    await store.append('crate-1', [{ type: 'Packed', data: {}, correlationId: 'order-77' }]);
    await store.append('parcel-2', [
      { type: 'Packed', data: {} },
      { type: 'Shipped', data: { by: 'boat' } },
    ]);
    await store.append('parcel-3', [{ type: 'Shipped', data: {} }]);

    expect(await byCategory.exited).toBe(0);
    const parcels = byCategory.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { streamId: string; type: string; position: string; occurredAt: string });
    expect(parcels.map((event) => `${event.streamId}:${event.type}`)).toEqual(['parcel-1:Packed', 'parcel-2:Packed', 'parcel-2:Shipped']);
    expect(await byCorrelation.exited).toBe(0);
    expect(
      byCorrelation.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/)[2]),
    ).toEqual(['parcel-1@1', 'crate-1@1']);
    expect(byCorrelation.stdout).toContain('correlation=order-77');
    expect(await byStreamAndType.exited).toBe(0);
    expect(byStreamAndType.stdout).toMatch(/parcel-2@2\s+Shipped/);

    // --from-start replays what had committed before, then goes on live.
    const fromStart = tail('--stream', 'parcel-1', '--from-start', '--limit', '1');
    expect(await fromStart.exited).toBe(0);
    expect(fromStart.stdout).toMatch(/parcel-1@1\s+Packed/);

    const watch = startFactum(['status', '--watch', '--interval', '200', '--json', '--schema', db.schema], env);
    await watch.until((out) => out.trim().split('\n').length >= 2, 'two status snapshots');
    expect(await watch.stop()).toBe(0);
    for (const line of watch.stdout.trim().split('\n')) expect(JSON.parse(line)).toMatchObject({ schema: db.schema });
  }, 120_000);
});
