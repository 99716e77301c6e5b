import { On, Projector, type DecodedEvent, type ProjectionContext } from '@factum/core';
import type { SqlTransaction } from '@factum/postgres';
import { AccountClosed, AccountOpened, MoneyDeposited, MoneyWithdrawn } from '../../accounts/account-messages';
import { READ_MODEL_SCHEMA, type StatementLine } from './read-model-tables';

const table = `${READ_MODEL_SCHEMA}.statement_lines`;

/** One line per account event, with the running balance; the line number is the event's stream version. */
@Projector({ name: 'bank-statements', transactional: true })
export class StatementTable {
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
    await ctx.tx.query(`truncate ${table}`);
  }

  private async line(
    tx: SqlTransaction,
    event: { version: number; occurredAt: Date },
    accountId: string,
    kind: StatementLine['kind'],
    change: number,
    transferId: string | undefined,
  ): Promise<void> {
    await tx.query(
      `insert into ${table} (account_id, version, kind, amount, balance_after, transfer_id, occurred_at)
       values ($1, $2, $3, $4,
         coalesce((select balance_after from ${table} where account_id = $1 order by version desc limit 1), 0) + $4,
         $5, $6)`,
      [accountId, event.version, kind, change, transferId ?? null, event.occurredAt],
    );
  }
}
