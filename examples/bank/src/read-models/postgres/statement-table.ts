import { On, Projector, type DecodedEvent, type ProjectionContext } from '@factum/core';
import { sqlTable, type SqlTransaction } from '@factum/postgres';
import { AccountClosed, AccountOpened, MoneyDeposited, MoneyWithdrawn } from '../../accounts/account-messages';
import { READ_MODEL_SCHEMA, type StatementLine } from './read-model-tables';

const lines = sqlTable<{
  account_id: string;
  version: number;
  kind: StatementLine['kind'];
  amount: number;
  balance_after: number;
  transfer_id: string | null;
  occurred_at: Date;
}>({
  name: `${READ_MODEL_SCHEMA}.statement_lines`,
  key: ['account_id', 'version'],
  columns: { account_id: 'text', version: 'integer', kind: 'text', amount: 'bigint', balance_after: 'bigint', transfer_id: 'text', occurred_at: 'timestamptz' },
});

/**
 * One line per account event, with the running balance; the line number is the event's stream
 * version. Lines are staged and written per batch (bulk writes); staged lines are not readable
 * before then, so the running balance of each account is read once per batch and carried on here.
 */
@Projector({ name: 'bank-statements', transactional: true })
export class StatementTable {
  /** Each batch's running balances, per account; a batch that rolls back takes its transaction (and its entry) with it. */
  private readonly running = new WeakMap<SqlTransaction, Map<string, number>>();

  @On(AccountOpened)
  async opened(event: DecodedEvent<typeof AccountOpened>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await this.line(ctx.tx, event, event.data.accountId, 'opened', 0, undefined);
  }

  @On(MoneyDeposited)
  async deposited(event: DecodedEvent<typeof MoneyDeposited>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await this.line(ctx.tx, event, event.data.accountId, 'deposit', event.data.amount, event.data.transferId);
  }

  @On(MoneyWithdrawn)
  async withdrawn(event: DecodedEvent<typeof MoneyWithdrawn>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await this.line(ctx.tx, event, event.data.accountId, 'withdrawal', -event.data.amount, event.data.transferId);
  }

  @On(AccountClosed)
  async closed(event: DecodedEvent<typeof AccountClosed>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await this.line(ctx.tx, event, event.data.accountId, 'closed', 0, undefined);
  }

  async reset(ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query(`truncate ${READ_MODEL_SCHEMA}.statement_lines`);
  }

  private async line(
    tx: SqlTransaction,
    event: { version: number; occurredAt: Date },
    accountId: string,
    kind: StatementLine['kind'],
    change: number,
    transferId: string | undefined,
  ): Promise<void> {
    const balanceAfter = (await this.balanceBefore(tx, accountId)) + change;
    this.running.get(tx)!.set(accountId, balanceAfter);
    lines.in(tx).upsert({
      account_id: accountId,
      version: event.version,
      kind,
      amount: change,
      balance_after: balanceAfter,
      transfer_id: transferId ?? null,
      occurred_at: event.occurredAt,
    });
  }

  /** The balance after the account's last line: carried within the batch, read from the table at its first line in the batch. */
  private async balanceBefore(tx: SqlTransaction, accountId: string): Promise<number> {
    let batch = this.running.get(tx);
    if (!batch) this.running.set(tx, (batch = new Map<string, number>()));
    const carried = batch.get(accountId);
    if (carried !== undefined) return carried;
    const { rows } = await tx.query<{ balance_after: string }>(
      `select balance_after::text from ${READ_MODEL_SCHEMA}.statement_lines where account_id = $1 order by version desc limit 1`,
      [accountId],
    );
    return rows[0] ? Number(rows[0].balance_after) : 0;
  }
}
