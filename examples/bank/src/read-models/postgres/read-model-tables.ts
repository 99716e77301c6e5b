// The bank's read-model tables, in their own schema next to the event store's. Every projector
// writes them through its transaction; the queries below are what the demo and the API read.
import type { SqlExecutor } from '@factum/postgres';

export const READ_MODEL_SCHEMA = 'bank';

export async function createReadModelTables(db: SqlExecutor): Promise<void> {
  await db.query(`create schema if not exists ${READ_MODEL_SCHEMA}`);
  await db.query(`create table if not exists ${READ_MODEL_SCHEMA}.balances (
    account_id text primary key, owner text not null, balance bigint not null, status text not null)`);
  await db.query(`create table if not exists ${READ_MODEL_SCHEMA}.statement_lines (
    account_id text not null, version integer not null, kind text not null, amount bigint not null,
    balance_after bigint not null, transfer_id text, occurred_at timestamptz not null,
    primary key (account_id, version))`);
  await db.query(`create table if not exists ${READ_MODEL_SCHEMA}.transfers (
    transfer_id text primary key, from_account text not null, to_account text not null, amount bigint not null,
    status text not null, reason text, refunded boolean not null default false)`);
}

export interface BalanceRow {
  accountId: string;
  owner: string;
  balance: number;
  status: 'open' | 'closed';
}

export interface StatementLine {
  version: number;
  kind: 'opened' | 'deposit' | 'withdrawal' | 'closed';
  amount: number;
  balanceAfter: number;
  transferId: string | null;
  occurredAt: Date;
}

export interface TransferRow {
  transferId: string;
  from: string;
  to: string;
  amount: number;
  status: 'requested' | 'completed' | 'failed';
  reason: string | null;
  refunded: boolean;
}

type BalanceRecord = { account_id: string; owner: string; balance: string | number; status: BalanceRow['status'] };
const toBalance = (row: BalanceRecord): BalanceRow => ({ accountId: row.account_id, owner: row.owner, balance: Number(row.balance), status: row.status });

export async function queryBalances(db: SqlExecutor): Promise<BalanceRow[]> {
  const result = await db.query<BalanceRecord>(`select account_id, owner, balance, status from ${READ_MODEL_SCHEMA}.balances order by account_id`);
  return result.rows.map(toBalance);
}

/** One account's row, by its primary key. */
export async function queryAccount(db: SqlExecutor, accountId: string): Promise<BalanceRow | null> {
  const result = await db.query<BalanceRecord>(`select account_id, owner, balance, status from ${READ_MODEL_SCHEMA}.balances where account_id = $1`, [
    accountId,
  ]);
  return result.rows[0] ? toBalance(result.rows[0]) : null;
}

export interface Page<Row> {
  items: Row[];
  /** The key to pass as `after` for the next page; null on the last one. */
  next: string | null;
}

/** Keyset paging: one more row than asked tells whether a next page exists, without counting. */
function toPage<Row>(rows: Row[], limit: number, keyOf: (row: Row) => string): Page<Row> {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? keyOf(items[items.length - 1]!) : null };
}

export async function listAccounts(db: SqlExecutor, options: { limit: number; after?: string }): Promise<Page<BalanceRow>> {
  const result = await db.query<BalanceRecord>(
    `select account_id, owner, balance, status from ${READ_MODEL_SCHEMA}.balances
     where $1::text is null or account_id > $1 order by account_id limit $2`,
    [options.after ?? null, options.limit + 1],
  );
  return toPage(result.rows.map(toBalance), options.limit, (row) => row.accountId);
}

export async function queryStatement(db: SqlExecutor, accountId: string): Promise<StatementLine[]> {
  const result = await db.query<{
    version: number;
    kind: StatementLine['kind'];
    amount: string | number;
    balance_after: string | number;
    transfer_id: string | null;
    occurred_at: Date | string;
  }>(
    `select version, kind, amount, balance_after, transfer_id, occurred_at from ${READ_MODEL_SCHEMA}.statement_lines
     where account_id = $1 order by version`,
    [accountId],
  );
  return result.rows.map((row) => ({
    version: Number(row.version),
    kind: row.kind,
    amount: Number(row.amount),
    balanceAfter: Number(row.balance_after),
    transferId: row.transfer_id,
    occurredAt: new Date(row.occurred_at),
  }));
}

type TransferRecord = {
  transfer_id: string;
  from_account: string;
  to_account: string;
  amount: string | number;
  status: TransferRow['status'];
  reason: string | null;
  refunded: boolean;
};
const toTransfer = (row: TransferRecord): TransferRow => ({
  transferId: row.transfer_id,
  from: row.from_account,
  to: row.to_account,
  amount: Number(row.amount),
  status: row.status,
  reason: row.reason,
  refunded: row.refunded,
});

export async function queryTransfer(db: SqlExecutor, transferId: string): Promise<TransferRow | null> {
  const result = await db.query<TransferRecord>(`select * from ${READ_MODEL_SCHEMA}.transfers where transfer_id = $1`, [transferId]);
  return result.rows[0] ? toTransfer(result.rows[0]) : null;
}

export async function listTransfers(db: SqlExecutor, options: { limit: number; after?: string; status?: TransferRow['status'] }): Promise<Page<TransferRow>> {
  const result = await db.query<TransferRecord>(
    `select * from ${READ_MODEL_SCHEMA}.transfers
     where ($1::text is null or transfer_id > $1) and ($2::text is null or status = $2)
     order by transfer_id limit $3`,
    [options.after ?? null, options.status ?? null, options.limit + 1],
  );
  return toPage(result.rows.map(toTransfer), options.limit, (row) => row.transferId);
}
