// Opt-in (FACTUM_CONSOLE_MILLION=1, with DATABASE_URL): the log page on a 1,000,000-event log in
// PostgreSQL answers in under 200 ms, at the head and deep in the log, filtered or not. The log
// is loaded with generate_series into a schema of its own, dropped at the end.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { createPostgresStores, type PostgresStores } from '@factum/postgres';
import { factumConsole } from '@factum/console';

const url = process.env.DATABASE_URL;
const enabled = process.env.FACTUM_CONSOLE_MILLION === '1' && url !== undefined;
const EVENTS = 1_000_000;
const STREAMS = 1_000;
const BATCH = 100_000;
const TARGET_MS = 200;

(enabled ? describe : describe.skip)('the log page on a 1,000,000-event log', () => {
  const schema = `console_million_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  let stores: PostgresStores;
  let server: FastifyInstance;

  beforeAll(async () => {
    stores = createPostgresStores(url!, { schema });
    await stores.migrate();
    const events = `"${schema}".events`;
    // Ten transactions of 100,000 events: 1,000 account streams, three event types, times 1 ms apart.
    for (let start = 0; start < EVENTS; start += BATCH) {
      await stores.client.query(
        `insert into ${events} (stream_id, version, event_id, type, schema_version, data, metadata, created_at)
         select 'account-' || (g % ${STREAMS}), g / ${STREAMS} + 1, 'e-' || g,
                (array['MoneyDeposited', 'MoneyWithdrawn', 'AccountOpened'])[g % 3 + 1], 1,
                json_build_object('accountId', 'a' || (g % ${STREAMS}), 'amount', g % 500),
                json_build_object('commandId', 'c-' || g), now() - make_interval(secs => (${EVENTS} - g) / 1000.0)
         from generate_series($1::bigint, $2::bigint) g`,
        [start, start + BATCH - 1],
      );
    }
    await stores.client.query(
      `insert into "${schema}".streams (stream_id, version, last_transaction_id)
       select 'account-' || s, ${EVENTS / STREAMS}, pg_current_xact_id() from generate_series(0, ${STREAMS - 1}) s`,
    );
    await stores.client.query(`analyze ${events}`);
    server = Fastify({ logger: false });
    await server.register(factumConsole, { store: stores.events, prefix: '/factum' });
    await server.ready();
  }, 600_000);

  afterAll(async () => {
    await server?.close();
    await stores?.client.query(`drop schema if exists "${schema}" cascade`);
    await stores?.close();
  });

  /** The median time of five requests (after one warm-up), as the server measured its read and as the whole answer took. */
  async function timed(path: string): Promise<{ answerMs: number; readMs: number; rows: number }> {
    const answers: number[] = [];
    const reads: number[] = [];
    let rows = 0;
    for (let run = 0; run < 6; run++) {
      const started = performance.now();
      const response = await server.inject({ url: path });
      const elapsed = performance.now() - started;
      expect(response.statusCode).toBe(200);
      rows = (response.body.match(/data-event-id=/g) ?? []).length;
      if (run === 0) continue;
      answers.push(elapsed);
      reads.push(Number(/read;dur=([\d.]+)/.exec(String(response.headers['server-timing']))?.[1]));
    }
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    return { answerMs: median(answers), readMs: median(reads), rows };
  }

  it(`answers every page in under ${TARGET_MS} ms`, async () => {
    const head = await stores.events.headPosition();
    const middle: string[] = [];
    for await (const event of stores.events.readAll({ direction: 'backward', limit: 1, upTo: undefined, occurredBefore: new Date(Date.now() - 500_000) }))
      middle.push(event.position);
    const recent = { from: new Date(Date.now() - 20_000).toISOString(), to: new Date(Date.now() - 10_000).toISOString() };
    const deep = { from: new Date(Date.now() - 600_000).toISOString(), to: new Date(Date.now() - 590_000).toISOString() };
    const cases: Array<[string, string]> = [
      ['the newest page', '/factum/'],
      ['a page half way back (keyset)', `/factum/?before=${encodeURIComponent(middle[0]!)}`],
      ['one event type', '/factum/?type=AccountOpened'],
      ['one category', '/factum/?category=account'],
      ['one stream', '/factum/?stream=account-7'],
      ['a recent 10 s window', `/factum/?from=${recent.from}&to=${recent.to}`],
    ];
    // A time window deep in the log is a filter over every newer event (times have no index): measured, not promised.
    const unpromised: Array<[string, string]> = [['a 10 s window 600,000 events back', `/factum/?from=${deep.from}&to=${deep.to}`]];
    const figures: string[] = [];
    for (const [name, path] of cases) {
      const { answerMs, readMs, rows } = await timed(path);
      figures.push(`${name.padEnd(34)} ${answerMs.toFixed(1).padStart(7)} ms answer, ${readMs.toFixed(1).padStart(7)} ms read, ${rows} rows`);
    }
    for (const [name, path] of unpromised) {
      const { answerMs, readMs, rows } = await timed(path);
      process.stdout.write(
        `${name.padEnd(34)} ${answerMs.toFixed(1).padStart(7)} ms answer, ${readMs.toFixed(1).padStart(7)} ms read, ${rows} rows (no target)\n`,
      );
    }
    // The floor: the same newest page as one plain SQL statement on the same connection pool.
    const floor: number[] = [];
    for (let run = 0; run < 6; run++) {
      const started = performance.now();
      await stores.client.query(`select * from "${schema}".events order by transaction_id desc, position desc limit 51`);
      if (run > 0) floor.push(performance.now() - started);
    }
    figures.push(
      `${'floor: the newest page in plain SQL'.padEnd(34)} ${[...floor]
        .sort((a, b) => a - b)[2]!
        .toFixed(1)
        .padStart(7)} ms`,
    );
    process.stdout.write(`log page on ${EVENTS.toLocaleString('en')} events (head ${head}):\n${figures.join('\n')}\n`);
    for (const figure of figures.filter((line) => line.includes('rows'))) {
      const [, answer, rows] = /([\d.]+) ms answer.* (\d+) rows/.exec(figure)!;
      expect(`${figure}: ${Number(rows) === 50 && Number(answer) < TARGET_MS ? 'ok' : 'too slow or short'}`).toMatch(/: ok$/);
    }
  }, 600_000);
});
