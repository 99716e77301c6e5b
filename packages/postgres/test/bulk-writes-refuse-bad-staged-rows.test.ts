import { createApp, On, Projector, type DecodedEvent, type ProjectionContext } from '@factum/core';
import { isFactumError } from '@factum/event-store';
import type { SqlTransaction } from '../src/client/sql-client';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { silentLogger } from '../src/logger';
import { sqlTable } from '../src/projections/sql-table';
import { StagedWriteError } from '../src/projections/staged-write-error';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { appendDeposits, Deposited } from './support/subscriptions-domain';
import { openTestDatabase, where, type TestDatabase } from './support/subscriptions-database';

interface Row {
  id: string;
  label: string | null;
  n: number;
  doc: unknown;
}

/** The error `stage` throws, checked to be a StagedWriteError naming the table, with `problem` in its message. */
function refusal(stage: () => void): StagedWriteError {
  try {
    stage();
  } catch (error) {
    expect(error).toBeInstanceOf(StagedWriteError);
    expect(isFactumError(error, 'INVALID_STAGED_WRITE')).toBe(true);
    return error as StagedWriteError;
  }
  throw new Error('expected the write to be refused');
}

describe(`staged bulk writes refuse bad input ${where}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('bulkbad');
    await db.client.query(`create table "${db.schema}".items (id text primary key, label text, n integer not null default 0, doc jsonb)`);
  });
  afterAll(async () => {
    await db.drop();
  });
  const definition = () => ({ name: `${db.schema}.items`, key: ['id'] as const, columns: { id: 'text', label: 'text', n: 'integer', doc: 'jsonb' } });
  const items = () => sqlTable<Row>({ ...definition(), key: ['id'] });

  it('refuses unknown columns, missing keys, values JSON cannot carry and misused add, naming what was wrong; nothing is written', async () => {
    await db.client.transaction(async (tx) => {
      const rows = items().in(tx);
      expect(refusal(() => rows.upsert({ id: 'a', colour: 'red' } as Partial<Row>)).message).toMatch(/no column 'colour'/);
      expect(refusal(() => rows.upsert({ label: 'no key' })).message).toMatch(/no value for key column 'id'/);
      expect(refusal(() => rows.upsert({ id: null as unknown as string })).message).toMatch(/no value for key column 'id'/);
      expect(refusal(() => rows.upsert({ id: 'a', n: Number.NaN })).message).toMatch(/column 'n' \(integer\) got NaN/);
      expect(refusal(() => rows.upsert({ id: 'a', n: Infinity })).message).toMatch(/JSON cannot carry/);
      expect(refusal(() => rows.upsert({ id: 'a', label: (() => 1) as unknown as string })).message).toMatch(/column 'label'/);
      expect(refusal(() => rows.upsert({ id: 'a', label: { nested: true } as unknown as string })).message).toMatch(/only json\/jsonb columns take objects/);
      expect(refusal(() => rows.upsert({ id: 'a', doc: new Map([['k', 1]]) })).message).toMatch(/column 'doc' \(jsonb\)/);
      expect(refusal(() => rows.upsert({ id: 'a', doc: { bad: undefined, n: Number.NaN } })).message).toMatch(/JSON cannot carry/);
      expect(refusal(() => rows.upsert({ id: 'a', label: 'nul\u0000' })).message).toMatch(/NUL/);
      expect(refusal(() => rows.upsert({ id: 'a', doc: new Date('nope') })).message).toMatch(/invalid Date/);
      expect(refusal(() => rows.upsert({ id: 'a', label: 'x' }, { add: ['label'] })).message).toMatch(/must give it a finite number/);
      expect(refusal(() => rows.upsert({ id: 'a' }, { add: ['n'] })).message).toMatch(/must give it a finite number, got nothing/);
      expect(refusal(() => rows.upsert({ id: 'a', n: 1 }, { add: ['id'] })).message).toMatch(/add names key column 'id'/);
      expect(refusal(() => rows.delete({ id: 'a', label: 'x' })).message).toMatch(/delete takes only the key/);
      expect(refusal(() => rows.upsert('a' as unknown as Partial<Row>)).message).toMatch(/plain object/);
      rows.upsert({ id: 'ok', doc: { nested: [1, 'two', null] }, n: 3 }); // a good row still goes in
    });
    expect((await db.client.query(`select id, doc, n from "${db.schema}".items`)).rows).toEqual([{ id: 'ok', doc: { nested: [1, 'two', null] }, n: 3 }]);
  });

  it('refuses a definition whose names or types would not be plain SQL, and a table used outside a transaction', () => {
    expect(refusal(() => sqlTable({ ...definition(), name: 'items"; drop table x; --' })).message).toMatch(/lower-case identifier/);
    expect(refusal(() => sqlTable({ ...definition(), name: 'a.b.c' })).message).toMatch(/'table' or 'schema.table'/);
    expect(refusal(() => sqlTable({ ...definition(), columns: { ...definition().columns, n: 'int); drop table x; --' } })).message).toMatch(
      /not a plain SQL type/,
    );
    expect(refusal(() => sqlTable({ ...definition(), columns: { ...definition().columns, 'Bad Name': 'text' } })).message).toMatch(
      /'Bad Name' is not a lower-case identifier/,
    );
    // A computed key makes an own property: the name a row object could not carry as a column.
    expect(refusal(() => sqlTable({ ...definition(), columns: { ...definition().columns, ['__proto__']: 'text' } })).message).toMatch(
      /'__proto__' cannot be staged/,
    );
    expect(refusal(() => sqlTable({ ...definition(), key: ['missing' as 'id'] })).message).toMatch(/key column 'missing' is not one of its columns/);
    expect(refusal(() => sqlTable({ ...definition(), key: [] })).message).toMatch(/key must name at least one column/);
    expect(refusal(() => items().in(undefined)).message).toMatch(/transactional: true/);
    expect(refusal(() => items().in({ query: () => Promise.reject(new Error('no')) } as unknown as SqlTransaction)).message).toMatch(/need a transaction/);
  });

  it('in a projector: a bad row fails only the event that staged it (dead-lettered with skip); every other event is written once', async () => {
    const store = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
    await db.client.query(`create table "${db.schema}".skipping (event_id text primary key, amount integer not null, applied integer not null)`);
    await appendDeposits(store, 300, { accounts: 5 });
    const rows = sqlTable<{ event_id: string; amount: number | null; applied: number }>({
      name: `${db.schema}.skipping`,
      key: ['event_id'],
      columns: { event_id: 'text', amount: 'integer', applied: 'integer' },
    });
    // Deposit 123 stages a row the server refuses when the batch is flushed (amount is NOT NULL);
    // deposit 200 one refused when staged (an unknown column).
    @Projector({ name: 'skipping', transactional: true, onError: 'skip', retry: { maxAttempts: 2, initialDelayMs: 1 } })
    class Skipping {
      @On(Deposited)
      deposited(event: DecodedEvent<typeof Deposited>, ctx: ProjectionContext<SqlTransaction>): void {
        const { amount } = event.data;
        if (amount === 200) rows.in(ctx.tx).upsert({ event_id: event.eventId, colour: 'red' } as never);
        rows.in(ctx.tx).upsert({ event_id: event.eventId, amount: amount === 123 ? null : amount, applied: 1 }, { add: ['applied'] });
      }
    }
    const app = await createApp({
      store,
      projectors: [Skipping],
      logger: silentLogger, // the two failures are expected; they are checked as dead letters below
      subscriptions: { store: new PostgresSubscriberStore(db.client, { schema: db.schema }), batchSize: 100 },
    });
    await app.start();
    const head = await store.headPosition();
    await app.subscribers.waitFor(head, { subscribers: ['skipping'], timeoutMs: 20_000 });
    const letters = await app.subscribers.deadLetters('skipping');
    await app.stop();
    await store.close();
    const written = await db.client.query<{ n: number; once: number; total: number }>(
      `select count(*)::int as n, (count(*) filter (where applied = 1))::int as once, sum(amount)::int as total from "${db.schema}".skipping`,
    );
    expect(written.rows[0]).toEqual({ n: 298, once: 298, total: (299 * 300) / 2 - 123 - 200 });
    expect(letters.map((letter) => letter.error.message).sort()).toEqual([
      expect.stringMatching(/^Cannot stage a write to .*skipping: it has no column 'colour'/),
      expect.stringMatching(/null value in column "amount"/),
    ]);
  });
});
