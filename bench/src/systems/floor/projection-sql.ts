/**
 * `projection-sql` on the raw floor: read the log in pages of 500 with the naive reader (correct
 * here: nothing is appended while it runs), fold each page into one row per account in JS, and
 * write the page with one multi-row upsert and its checkpoint in one transaction.
 */
import type pg from 'pg';
import { now } from '../../harness/concurrency.js';
import { perSecond } from '../../harness/stats.js';
import { balanceTable, checkBalances, createBalanceTable, expectedBalances, READ_BALANCES } from '../../workloads/balance-read-model.js';
import type { DepositedData } from '../../workloads/event-shapes.js';
import type { Figures, WorkloadContext } from '../../workloads/types.js';

const READ_PAGE = 'SELECT position, data FROM events WHERE position > $1 ORDER BY position LIMIT $2';

export async function measureProjectionSql(context: WorkloadContext, db: pg.Pool): Promise<Figures> {
  const { events, streams, eventsPerAppend, batchSize } = context.params;
  const table = balanceTable(context.run);
  await db.query(createBalanceTable(context.run));
  await db.query(`CREATE TABLE checkpoint_${context.run} (position bigint NOT NULL)`);
  await db.query(`INSERT INTO checkpoint_${context.run} VALUES (0)`);
  const upsert = `INSERT INTO ${table} (account_id, balance, deposits)
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[])
    ON CONFLICT (account_id) DO UPDATE SET balance = ${table}.balance + excluded.balance, deposits = ${table}.deposits + excluded.deposits`;
  const client = await db.connect();
  const started = now();
  try {
    let after = '0';
    for (;;) {
      const { rows } = await client.query<{ position: string; data: DepositedData }>(READ_PAGE, [after, batchSize]);
      if (rows.length === 0) break;
      const sums = new Map<string, { balance: number; deposits: number }>();
      for (const { data } of rows) {
        const sum = sums.get(data.accountId) ?? { balance: 0, deposits: 0 };
        sum.balance += data.amount;
        sum.deposits++;
        sums.set(data.accountId, sum);
      }
      after = rows[rows.length - 1]!.position;
      await client.query('BEGIN');
      await client.query(upsert, [[...sums.keys()], [...sums.values()].map((s) => s.balance), [...sums.values()].map((s) => s.deposits)]);
      await client.query(`UPDATE checkpoint_${context.run} SET position = $1`, [after]);
      await client.query('COMMIT');
      if (rows.length < batchSize!) break;
    }
  } finally {
    client.release();
  }
  const elapsed = now() - started;
  const { rows } = await db.query<{ rows: number; balance: string; deposits: number }>(READ_BALANCES(context.run));
  return { value: perSecond(events!, elapsed), ...checkBalances(rows[0]!, expectedBalances(events!, streams!, eventsPerAppend!)) };
}
