/**
 * `projection-sql` on Emmett: its documented PostgreSQL projection (`postgreSQLRawSQLProjection`,
 * one upsert statement per event) rebuilt from the beginning by `rebuildPostgreSQLProjections`,
 * with the same batch size as the other systems and no pause between batches.
 *
 * Emmett projects one event per transaction (with its checkpoint and projection lock), so the
 * whole rebuild would take minutes: it runs for at most `peerBudgetS` seconds and its rate is
 * what it projected in that time (`projected` says how many events that was). A rebuild that
 * ends before the last event (see below) is reported with what it projected, never as complete.
 */
import type { Event } from '@event-driven-io/emmett';
import { postgreSQLRawSQLProjection, rebuildPostgreSQLProjections } from '@event-driven-io/emmett-postgresql';
import { sql } from '@event-driven-io/dumbo';
import type pg from 'pg';
import { now } from '../../harness/concurrency.js';
import { perSecond } from '../../harness/stats.js';
import { balanceTable, checkBalances, createBalanceTable, expectedBalances, READ_BALANCES } from '../../workloads/balance-read-model.js';
import { EVENT_TYPE, type DepositedData } from '../../workloads/event-shapes.js';
import type { Figures, WorkloadContext } from '../../workloads/types.js';

type Deposited = Event<'Deposited', DepositedData>;

export async function measureProjectionSql(context: WorkloadContext, pool: pg.Pool): Promise<Figures> {
  const { events, streams, eventsPerAppend, batchSize } = context.params;
  const table = balanceTable(context.run);
  await pool.query(createBalanceTable(context.run));
  const projection = postgreSQLRawSQLProjection<Deposited>({
    name: `bench-projection-sql-${context.run}`,
    canHandle: [EVENT_TYPE],
    evolve: (event) =>
      sql(
        `INSERT INTO ${table} (account_id, balance, deposits) VALUES (%L, %s, 1)
         ON CONFLICT (account_id) DO UPDATE SET balance = ${table}.balance + excluded.balance, deposits = ${table}.deposits + 1`,
        event.data.accountId,
        event.data.amount,
      ),
  });
  const consumer = rebuildPostgreSQLProjections<Deposited>({
    connectionString: context.databaseUrl(),
    projections: [projection],
    pulling: { batchSize: batchSize!, pullingFrequencyInMs: 0 },
  });
  const projected = async (): Promise<{ rows: number; balance: string; deposits: number }> => (await pool.query(READ_BALANCES(context.run))).rows[0];
  const started = now();
  let ended = false;
  let endedAt = 0;
  const running = consumer.start().finally(() => {
    ended = true;
    endedAt = now();
  });
  let last = { at: started, deposits: 0 };
  while (!ended && now() - started < context.params.peerBudgetS! * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { deposits } = await projected();
    if (deposits !== last.deposits) last = { at: now(), deposits };
  }
  await consumer.stop();
  await running;
  await consumer.close();
  const found = await projected();
  if (found.deposits === events!) {
    return {
      value: perSecond(events!, endedAt - started),
      projected: events!,
      expected: events!,
      ...checkBalances(found, expectedBalances(events!, streams!, eventsPerAppend!)),
    };
  }
  // It reads below the oldest transaction of the whole server: a transaction open elsewhere on a
  // shared server hides the rest of the log from it, and `noMessagesLeft` then ends the rebuild early.
  if (found.deposits === 0) throw new Error(`it projected none of ${events} events`);
  if (ended) return { value: perSecond(found.deposits, endedAt - started), projected: found.deposits, expected: events! };
  return { value: perSecond(last.deposits, last.at - started), projected: last.deposits, expected: events! };
}
