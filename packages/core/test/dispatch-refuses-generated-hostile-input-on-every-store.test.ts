import fc from 'fast-check';
import { InMemoryEventStore, isFactumError, MAX_JSON_DEPTH, type EventStore, type RecordedEvent } from '@factum/event-store';
import { PgliteSqlClient, PgSqlClient, PostgresEventStore } from '@factum/postgres';
import { PGlite } from '@electric-sql/pglite';
import {
  Aggregate,
  AggregateRoot,
  Apply,
  CommandHandler,
  createApp,
  defineCommand,
  defineEvent,
  On,
  Projector,
  type Command,
  type DispatchOptions,
} from '@factum/core';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

// Generated hostile commands, aggregate ids, payloads and dispatch options, on the in-memory
// store, PGlite and (with DATABASE_URL) PostgreSQL: every refusal is a Factum error with one of
// the codes dispatch documents, nothing of a refused command is stored, and the log reads back
// whole. The payload schema lets anything through, so the store's own rules are reached too.
const RUNS = { memory: 400, pglite: 120, postgres: 80 };
const CODES = ['VALIDATION_FAILED', 'UNKNOWN_COMMAND', 'INVALID_INPUT', 'INVALID_EVENT', 'UNKNOWN_SUBSCRIBER'];

const Record_ = defineCommand('Record', z.object({ id: z.string(), payload: z.unknown() }));
const Recorded = defineEvent('Recorded', z.object({ id: z.string(), payload: z.unknown() }));

@Aggregate({ category: 'ledger' })
class Ledger extends AggregateRoot {
  @CommandHandler(Record_, { id: (command) => command.id })
  record(command: { id: string; payload: unknown }): void {
    this.emit(Recorded({ id: command.id, payload: command.payload }));
  }

  @Apply(Recorded)
  protected recorded(): void {}
}

@Projector({ name: 'ledger-count' })
class LedgerCount {
  count = 0;
  @On(Recorded)
  recorded(): void {
    this.count++;
  }
}

const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const hostileString = fc.oneof(
  fc.constantFrom('', ' x', 'x ', 'a\u0000b', '\uD83D', 'x\uDE00', '漢'.repeat(334), 'a'.repeat(1001), "'; drop table events; --", 'ok-1', '漢字-😀'),
  fc.string({ unit: anyUnit, maxLength: 8 }),
);
const hostile = fc.oneof(
  hostileString,
  fc.constantFrom<unknown>(
    undefined,
    null,
    Number.NaN,
    -1,
    1.5,
    Number.POSITIVE_INFINITY,
    true,
    [],
    [1, 2],
    {},
    () => 1,
    Symbol('s'),
    BigInt(1),
    new Date(),
    Object.create(null) as object,
  ),
  fc.constantFrom<unknown>(nested(MAX_JSON_DEPTH - 5), nested(MAX_JSON_DEPTH + 1), nested(5_000), { text: 'a\u0000b' }, { ['\uDE00']: 1 }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.anything({ maxDepth: 2 }),
);
const command = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ id: fc.oneof(fc.constantFrom('a', 'b', 'c-漢'), hostileString), payload: hostile }).map((data) => Record_(data as never) as Command),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.oneof(fc.constant('Record'), hostileString), data: hostile }) as fc.Arbitrary<Command> },
  { weight: 1, arbitrary: hostile as fc.Arbitrary<Command> },
);
/** A valid timeout shorter than this could expire after the append, which is a documented outcome, not a refusal. */
const SHORT_TIMEOUT_MS = 10_000;
const isShortTimeout = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < SHORT_TIMEOUT_MS;
// On a shared PostgreSQL server, other sessions' open transactions hold the global log back (by
// design), so waiting for a projector there could time out: strong consistency runs in memory and on PGlite.
const options = (strong: boolean) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    {
      weight: 4,
      arbitrary: fc.record(
        {
          commandId: fc.oneof(fc.uuid(), hostileString),
          correlationId: hostile,
          causationId: hostileString,
          metadata: fc.oneof(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), hostile),
          consistency: fc.oneof(
            strong ? fc.constantFrom<unknown>('eventual', 'strong', ['ledger-count'], ['nobody']) : fc.constantFrom<unknown>('eventual', ['nobody']),
            hostile.filter((value) => strong || (value !== 'strong' && !Array.isArray(value))),
          ),
          timeoutMs: fc.oneof(
            fc.constant(SHORT_TIMEOUT_MS),
            hostile.filter((value) => !isShortTimeout(value)),
          ),
        },
        { requiredKeys: [] },
      ),
    },
    { weight: 1, arbitrary: hostile },
  );

interface Backend {
  store: EventStore;
  close(): Promise<void>;
}

async function postgresBackend(kind: 'pglite' | 'postgres'): Promise<Backend> {
  const schema = `hostile_${randomBytes(6).toString('hex')}`;
  const pglite = kind === 'pglite' ? new PGlite('memory://') : undefined;
  const client = pglite ? new PgliteSqlClient(pglite) : PgSqlClient.connect({ connectionString: process.env.DATABASE_URL, max: 4 });
  const store = new PostgresEventStore(client, { schema, pollIntervalMs: 100 });
  await store.migrate();
  return {
    store,
    async close() {
      await store.close();
      if (kind === 'postgres') await client.query(`drop schema if exists "${schema}" cascade`);
      await client.close();
      await pglite?.close();
    },
  };
}

const backends: Array<[string, () => Promise<Backend>, number, boolean]> = [
  ['in memory', async () => ({ store: new InMemoryEventStore(), close: async () => undefined }), RUNS.memory, true],
  ['on PGlite', () => postgresBackend('pglite'), RUNS.pglite, true],
];
if (process.env.DATABASE_URL) backends.push(['on PostgreSQL', () => postgresBackend('postgres'), RUNS.postgres, false]);
else if (process.env.CI === 'true') throw new Error('CI=true but DATABASE_URL is not set: this test must run on PostgreSQL on CI.');

describe.each(backends)('dispatch with generated hostile input %s', (_name, open, runs, strong) => {
  it(`refuses with a Factum error code, stores nothing partial and keeps the log whole (${runs} runs)`, async () => {
    const backend = await open();
    const app = await createApp({ store: backend.store, aggregates: [Ledger], projectors: [LedgerCount], subscriptions: { consistencyTimeoutMs: 5_000 } });
    await app.start();
    const stored: RecordedEvent[] = [];
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(command, options(strong)), { minLength: 1, maxLength: 5 }), async (calls) => {
          for (const [cmd, opts] of calls) {
            try {
              const result = await app.dispatch(cmd, opts as DispatchOptions);
              if (!result.alreadyHandled) stored.push(...result.events);
            } catch (error) {
              if (!isFactumError(error) || !CODES.includes(error.code)) {
                throw new Error(
                  `dispatch refused with ${error instanceof Error ? `${error.name} ${(error as { code?: string }).code ?? ''}: ${error.message}` : String(error)}`,
                  { cause: error },
                );
              }
            }
          }
          const log = await readLog(backend.store, stored.length);
          expect(log.map((event) => event.eventId)).toEqual(stored.map((event) => event.eventId));
          expect(log.map((event) => event.data)).toEqual(stored.map((event) => event.data));
        }),
        { numRuns: runs },
      );
    } finally {
      await app.stop();
      await backend.close();
    }
  }, 120_000);
});

/** The global log once it holds `count` events: on a shared server, other sessions may hold it back for a while. */
async function readLog(store: EventStore, count: number): Promise<RecordedEvent[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const log: RecordedEvent[] = [];
    for await (const event of store.readAll()) log.push(event);
    if (log.length >= count || Date.now() > deadline) return log;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
