/**
 * The `projection-sql` workload's read model, the same for every system: one row per account
 * with its balance, upserted from the catch-up log's `Deposited` events. Each run rebuilds a table
 * of its own (`balances_<run>`), so no run starts from another's rows or checkpoint.
 */
import { catchUpPlan } from './event-shapes.js';

export const balanceTable = (run: number): string => `balances_${run}`;

export const createBalanceTable = (run: number): string =>
  `CREATE TABLE ${balanceTable(run)} (account_id text PRIMARY KEY, balance bigint NOT NULL, deposits integer NOT NULL)`;

/** What the table must hold once every event is projected: checked after the clock stops. */
export function expectedBalances(events: number, streams: number, perAppend: number): { rows: number; balance: number; deposits: number } {
  const plan = catchUpPlan(events, streams, perAppend);
  const accounts = new Set<number>();
  let balance = 0;
  for (let j = 0; j < plan.appends; j++) {
    accounts.add(plan.streamOf(j));
    for (const event of plan.eventsOf(j)) balance += event.amount;
  }
  return { rows: accounts.size, balance, deposits: events };
}

export const READ_BALANCES = (run: number): string =>
  `SELECT count(*)::int AS rows, coalesce(sum(balance), 0)::bigint::text AS balance, coalesce(sum(deposits), 0)::int AS deposits FROM ${balanceTable(run)}`;

/** Throws unless the table holds exactly what the events say: a wrong read model gets no figure. */
export function checkBalances(
  found: { rows: number; balance: string | number; deposits: number },
  expected: { rows: number; balance: number; deposits: number },
): { rows: number } {
  const actual = { rows: found.rows, balance: Number(found.balance), deposits: found.deposits };
  if (actual.rows !== expected.rows || actual.balance !== expected.balance || actual.deposits !== expected.deposits) {
    throw new Error(`the read model is wrong: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
  return { rows: actual.rows };
}
