import fc from 'fast-check';
import type { SqlTransaction } from '../src/client/sql-client';
import { sqlTable } from '../src/projections/sql-table';
import { CountingClient } from './support/counting-client';
import { openTestDatabase, where, type TestDatabase } from './support/subscriptions-database';

interface Row {
  id: string;
  label: string | null;
  n: number;
  amount: string | number;
}

describe(`staged bulk writes ${where}`, () => {
  let db: TestDatabase;
  let tableCount = 0;
  beforeAll(async () => {
    db = await openTestDatabase('bulkorder');
  });
  afterAll(async () => {
    await db.drop();
  });

  /** A fresh table and its definition: `n` integer, `amount` numeric (fractions add exactly on the server). */
  const freshTable = async () => {
    const name = `rows_${++tableCount}`;
    await db.client.query(
      `create table "${db.schema}"."${name}" (id text primary key, label text, n integer not null default 0, amount numeric not null default 0)`,
    );
    const table = sqlTable<Row>({ name: `${db.schema}.${name}`, key: ['id'], columns: { id: 'text', label: 'text', n: 'integer', amount: 'numeric' } });
    const read = async () =>
      (await db.client.query<Row>(`select id, label, n, amount::text as amount from "${db.schema}"."${name}" order by id`)).rows.map((r) => ({ ...r }));
    return { name, table, read };
  };

  it('writes what the ops left per key: set columns overwrite (last write wins), add columns sum, delete then upsert starts over', async () => {
    const { table, read } = await freshTable();
    await db.client.transaction(async (tx) => {
      table.in(tx).upsert({ id: 'k3', label: 'old', n: 40 });
    });
    await db.client.transaction(async (tx) => {
      const rows = table.in(tx);
      rows.upsert({ id: 'k1', label: 'a', n: 1 });
      rows.upsert({ id: 'k1', label: 'b' }); // n stays 1: only label is overwritten
      rows.upsert({ id: 'k2', n: 5 }, { add: ['n'] });
      rows.upsert({ id: 'k2', n: 7 }, { add: ['n'] });
      rows.upsert({ id: 'k3', label: 'x' });
      rows.delete({ id: 'k3' });
      rows.upsert({ id: 'k3', label: 'y', n: 9 });
      rows.update({ id: 'missing', label: 'never' }); // an update finds no row: nothing is inserted
      rows.update({ id: 'k1', n: 2 }, { add: ['n'] });
    });
    expect(await read()).toEqual([
      { id: 'k1', label: 'b', n: 3, amount: '0' },
      { id: 'k2', label: null, n: 12, amount: '0' },
      { id: 'k3', label: 'y', n: 9, amount: '0' },
    ]);
    await db.client.transaction(async (tx) => {
      table.in(tx).upsert({ id: 'k2', n: 3 }, { add: ['n'] }); // adds to the stored value
      table.in(tx).upsert({ id: 'k4', amount: 0.1 }, { add: ['amount'] });
      table.in(tx).upsert({ id: 'k4', amount: 0.2 }, { add: ['amount'] }); // summed by the server, not by JS floats
    });
    const rows = await read();
    expect(rows.find((r) => r.id === 'k2')!.n).toBe(15);
    expect(rows.find((r) => r.id === 'k4')!.amount).toBe('0.3');
  });

  it('writes a batch of 500 staged upserts over 10 keys in one statement, at commit', async () => {
    const { table, read } = await freshTable();
    const counting = new CountingClient(db.client);
    await counting.transaction(async (tx) => {
      for (let i = 0; i < 500; i++) table.in(tx).upsert({ id: `k${i % 10}`, label: `v${i}`, n: 1 }, { add: ['n'] });
      expect(counting.statements).toEqual([]); // nothing is sent while handlers stage
    });
    expect(counting.statements).toHaveLength(1);
    expect(counting.statements[0]).toMatch(/^insert into .* on conflict \("id"\) do update/);
    const rows = await read();
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.n === 50)).toBe(true);
    expect(rows.find((r) => r.id === 'k3')!.label).toBe('v493'); // the last write of k3
  });

  it('writes the tables in the order the transaction first staged to them, after its own statements', async () => {
    const first = await freshTable();
    const second = await freshTable();
    const counting = new CountingClient(db.client);
    await counting.transaction(async (tx) => {
      second.table.in(tx).upsert({ id: 'b', n: 1 });
      first.table.in(tx).update({ id: 'a', n: 1 }, { add: ['n'] });
      second.table.in(tx).delete({ id: 'c' });
      await tx.query('select 1'); // sent at once, before anything staged
    });
    expect(counting.statements.map((text) => /^(\w+) .*?"(rows_\d+)"/.exec(text)?.slice(1, 3).join(' ') ?? text)).toEqual([
      'select 1',
      `insert ${second.name}`, // different keys of one table are independent: one statement per shape, in the order first staged
      `delete ${second.name}`,
      `update ${first.name}`,
    ]);
  });

  it('writes nothing when the transaction rolls back', async () => {
    const { table, read } = await freshTable();
    await expect(
      db.client.transaction(async (tx) => {
        table.in(tx).upsert({ id: 'k1', label: 'a' });
        throw new Error('the batch failed');
      }),
    ).rejects.toThrow('the batch failed');
    expect(await read()).toEqual([]);
  });

  // Any sequence of ops, staged and flushed at commit, leaves the table as running each op as
  // its own statement in order would.
  it('leaves the table as one statement per op in order would, for generated op sequences', async () => {
    const staged = await freshTable();
    const oneByOne = await freshTable();
    const key = fc.constantFrom('a', 'b', 'c');
    const amount = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(0.1, 0.25, 1.5));
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('upsert' as const),
        id: key,
        label: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
        n: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
        amount,
        addAmount: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant('update' as const),
        id: key,
        label: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
        n: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
        amount,
        addAmount: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('delete' as const), id: key }),
    );
    type Op = { kind: 'upsert' | 'update'; id: string; label?: string; n?: number; amount: number; addAmount: boolean } | { kind: 'delete'; id: string };
    const apply = async (tx: SqlTransaction, ops: Op[]) => {
      const q = `"${db.schema}"."${oneByOne.name}"`;
      for (const op of ops) {
        if (op.kind === 'delete') {
          staged.table.in(tx).delete({ id: op.id });
          await tx.query(`delete from ${q} where id = $1`, [op.id]);
          continue;
        }
        const row = { id: op.id, label: op.label, n: op.n, amount: op.amount };
        staged.table.in(tx)[op.kind](row, op.addAmount ? { add: ['amount'] } : {});
        const given = (['label', 'n', 'amount'] as const).filter((c) => row[c] !== undefined);
        const param = { label: '$2::text', n: '$3::integer', amount: '$4::numeric' };
        const sets = given.map((c) => (c === 'amount' && op.addAmount ? `amount = t.amount + $4::numeric` : `${c} = ${param[c]}`));
        const params = [op.id, op.label ?? null, op.n ?? null, op.amount];
        const typed = 'select $2::text, $3::integer, $4::numeric'; // every parameter typed, also those an op leaves unused
        if (op.kind === 'update') await tx.query(`update ${q} as t set ${sets.join(', ')} where id = $1 and exists (${typed})`, params);
        else
          await tx.query(
            `insert into ${q} as t (id, ${given.join(', ')}) select $1, ${given.map((c) => param[c]).join(', ')} from (${typed}) as p
             on conflict (id) do update set ${sets.join(', ')}`,
            params,
          );
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { maxLength: 12 }), { minLength: 1, maxLength: 3 }), async (batches) => {
        await db.client.query(`truncate "${db.schema}"."${staged.name}", "${db.schema}"."${oneByOne.name}"`);
        for (const batch of batches) await db.client.transaction((tx) => apply(tx, batch as Op[]));
        expect(await staged.read()).toEqual(await oneByOne.read());
      }),
      { numRuns: 40 },
    );
  });
});
