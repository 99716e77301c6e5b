import { createApp, On, Projector, type DecodedEvent, type ProjectionContext } from '@factum/core';
import { asGlobalPosition, CheckpointConflictError } from '@factum/event-store';
import type { SqlTransaction } from '../src/client/sql-client';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { sqlTable } from '../src/projections/sql-table';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { CountingClient } from './support/counting-client';
import { appendDeposits, Deposited } from './support/subscriptions-domain';
import { openTestDatabase, where, type TestDatabase } from './support/subscriptions-database';

const A = asGlobalPosition('00000000000000000001:0000000000000000001');
const B = asGlobalPosition('00000000000000000001:0000000000000000002');
const C = asGlobalPosition('00000000000000000001:0000000000000000003');

describe(`a transactional unit that only staged rows ${where}`, () => {
  let db: TestDatabase;
  let tables = 0;
  beforeAll(async () => {
    db = await openTestDatabase('fusedunit');
  });
  afterAll(async () => {
    await db.drop();
  });

  const freshTable = async () => {
    const name = `balances_${++tables}`;
    await db.client.query(`create table "${db.schema}"."${name}" (account text primary key, balance bigint not null, deposits integer not null)`);
    const table = sqlTable<{ account: string; balance: number; deposits: number }>({
      name: `${db.schema}.${name}`,
      key: ['account'],
      columns: { account: 'text', balance: 'bigint', deposits: 'integer' },
    });
    const read = async () =>
      (
        await db.client.query<{ account: string; balance: string }>(`select account, balance::text as balance from "${db.schema}"."${name}" order by account`)
      ).rows.map((row) => ({ ...row }));
    return { table, read };
  };
  const checkpoint = async (name: string) =>
    (await db.client.query<{ position: string }>(`select position from "${db.schema}".checkpoints where name = $1`, [name])).rows[0]?.position ?? null;

  it('writes its rows and its fenced checkpoint in one statement, without BEGIN or COMMIT', async () => {
    const { table, read } = await freshTable();
    const counting = new CountingClient(db.client);
    const store = new PostgresSubscriberStore(counting, { schema: db.schema });
    await store.checkpoints.set('one-statement', A);
    counting.statements.length = 0;
    await store.transaction(async (session) => {
      table.in(session.tx).upsert({ account: 'a', balance: 5, deposits: 1 }, { add: ['balance', 'deposits'] });
      table.in(session.tx).upsert({ account: 'a', balance: 7, deposits: 1 }, { add: ['balance', 'deposits'] });
      table.in(session.tx).upsert({ account: 'b', balance: 1, deposits: 1 }, { add: ['balance', 'deposits'] });
      await session.checkpoints.set('one-statement', B, { expected: A });
      await session.prepareCommit!();
    });
    expect(counting.statements).toHaveLength(1);
    expect(counting.statements[0]).toMatch(/^with moved as \(update .*checkpoints/);
    expect(counting.transactions).toBe(0);
    expect(await read()).toEqual([
      { account: 'a', balance: '12' },
      { account: 'b', balance: '1' },
    ]);
    expect(await checkpoint('one-statement')).toBe(B);
  });

  it('writes no row when the fence refuses the checkpoint (another process moved it), and says so', async () => {
    const { table, read } = await freshTable();
    const store = new PostgresSubscriberStore(db.client, { schema: db.schema });
    for (const expected of [A, null]) {
      await store.checkpoints.set('fenced', C); // moved on by someone else
      const refused = store.transaction(async (session) => {
        table.in(session.tx).upsert({ account: 'a', balance: 5, deposits: 1 }, { add: ['balance', 'deposits'] });
        await session.checkpoints.set('fenced', B, { expected });
        await session.prepareCommit!();
      });
      await expect(refused).rejects.toBeInstanceOf(CheckpointConflictError);
      await expect(refused).rejects.toMatchObject({ actual: C });
      expect(await read()).toEqual([]);
      expect(await checkpoint('fenced')).toBe(C);
    }
  });

  it('becomes one transaction when a handler sends a statement, and a failure after it undoes everything', async () => {
    const { table, read } = await freshTable();
    const counting = new CountingClient(db.client);
    const store = new PostgresSubscriberStore(counting, { schema: db.schema });
    await store.checkpoints.set('mixed', A);
    const insertOwn = (tx: SqlTransaction) => tx.query(`insert into "${db.schema}"."balances_${tables}" values ('own', 1, 1)`);
    await expect(
      store.transaction(async (session) => {
        await insertOwn(session.tx);
        table.in(session.tx).upsert({ account: 'staged', balance: 2, deposits: 1 });
        await session.checkpoints.set('mixed', B, { expected: A });
        await session.prepareCommit!();
        throw new Error('the batch failed after its writes');
      }),
    ).rejects.toThrow('the batch failed after its writes');
    expect(await read()).toEqual([]);
    expect(await checkpoint('mixed')).toBe(A);

    counting.statements.length = 0;
    counting.transactions = 0;
    await store.transaction(async (session) => {
      await insertOwn(session.tx);
      table.in(session.tx).upsert({ account: 'staged', balance: 2, deposits: 1 });
      await session.checkpoints.set('mixed', B, { expected: A });
      await session.prepareCommit!();
    });
    expect(counting.statements.map((text) => text.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'insert into',
      'update "' + db.schema + '"."checkpoints"',
      'insert into',
    ]);
    expect(counting.transactions).toBe(1);
    expect(await read()).toEqual([
      { account: 'own', balance: '1' },
      { account: 'staged', balance: '2' },
    ]);
    expect(await checkpoint('mixed')).toBe(B);
  });

  it('writes rows of two tables in one transaction, the checkpoint first, and rolls all of it back when one fails', async () => {
    const first = await freshTable();
    const second = await freshTable();
    const counting = new CountingClient(db.client);
    const store = new PostgresSubscriberStore(counting, { schema: db.schema });
    await store.checkpoints.set('two-tables', A);
    counting.statements.length = 0;
    await store.transaction(async (session) => {
      first.table.in(session.tx).upsert({ account: 'a', balance: 1, deposits: 1 });
      second.table.in(session.tx).upsert({ account: 'b', balance: 2, deposits: 1 });
      await session.checkpoints.set('two-tables', B, { expected: A });
      await session.prepareCommit!();
    });
    expect(counting.statements.map((text) => /^(\w+) .*?"(checkpoints|balances_\d+)"/.exec(text)?.slice(1, 3).join(' '))).toEqual([
      'update checkpoints',
      `insert balances_${tables - 1}`,
      `insert balances_${tables}`,
    ]);
    expect(counting.transactions).toBe(1);
    expect([await first.read(), await second.read(), await checkpoint('two-tables')]).toEqual([
      [{ account: 'a', balance: '1' }],
      [{ account: 'b', balance: '2' }],
      B,
    ]);

    // The second table's row breaks its NOT NULL column: the first table's row and the checkpoint roll back with it.
    const failed = store.transaction(async (session) => {
      first.table.in(session.tx).upsert({ account: 'c', balance: 3, deposits: 1 });
      second.table.in(session.tx).upsert({ account: 'd', balance: 4 });
      await session.checkpoints.set('two-tables', C, { expected: B });
      await session.prepareCommit!();
    });
    await expect(failed).rejects.toThrow(/deposits/);
    expect([await first.read(), await second.read(), await checkpoint('two-tables')]).toEqual([
      [{ account: 'a', balance: '1' }],
      [{ account: 'b', balance: '2' }],
      B,
    ]);
  });

  it('sends a unit that only moves its checkpoint as that one statement', async () => {
    const counting = new CountingClient(db.client);
    const store = new PostgresSubscriberStore(counting, { schema: db.schema });
    await store.transaction((session) => session.checkpoints.set('alone', A, { expected: null }));
    expect(counting.statements).toEqual([expect.stringMatching(/^insert into .*checkpoints/)]);
    expect(counting.transactions).toBe(0);
    expect(await checkpoint('alone')).toBe(A);
    await expect(store.transaction((session) => session.checkpoints.set('alone', B, { expected: C }))).rejects.toBeInstanceOf(CheckpointConflictError);
    expect(await checkpoint('alone')).toBe(A);
  });

  it('runs a projector over 1,000 events with one statement per batch, each event applied once', async () => {
    const { table, read } = await freshTable();
    const events = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
    await appendDeposits(events, 1_000, { accounts: 7 });
    @Projector({ name: 'fused-ledger', transactional: true, batchSize: 100 })
    class Ledger {
      @On(Deposited)
      deposited(event: DecodedEvent<typeof Deposited>, ctx: ProjectionContext<SqlTransaction>): void {
        table.in(ctx.tx).upsert({ account: event.data.account, balance: event.data.amount, deposits: 1 }, { add: ['balance', 'deposits'] });
      }
    }
    const counting = new CountingClient(db.client);
    const app = await createApp({
      store: events,
      projectors: [Ledger],
      subscriptions: { store: new PostgresSubscriberStore(counting, { schema: db.schema }) },
    });
    await app.start();
    await app.subscribers.waitFor(await events.headPosition(), { subscribers: ['fused-ledger'], timeoutMs: 20_000 });
    await app.stop();
    await events.close();
    const units = counting.statements.filter((text) => text.startsWith('with moved as'));
    expect(units).toHaveLength(10);
    expect(counting.transactions).toBe(0);
    const rows = await read();
    expect(rows).toHaveLength(7);
    // appendDeposits gives event i the amount i.
    expect(rows.reduce((sum, row) => sum + Number(row.balance), 0)).toBe((1_000 * 999) / 2);
  });
});
