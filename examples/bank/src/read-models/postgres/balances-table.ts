import { On, Projector, type DecodedEvent, type ProjectionContext } from '@factum/core';
import type { SqlTransaction } from '@factum/postgres';
import { AccountClosed, AccountOpened, MoneyDeposited, MoneyWithdrawn } from '../../accounts/account-messages';
import { READ_MODEL_SCHEMA } from './read-model-tables';

const table = `${READ_MODEL_SCHEMA}.balances`;

/** Balance and status per account, written in the transaction that moves its checkpoint (exactly once). */
@Projector({ name: 'bank-balances', transactional: true })
export class BalancesTable {
  @On(AccountOpened)
  async opened(event: DecodedEvent<typeof AccountOpened>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query(`insert into ${table} (account_id, owner, balance, status) values ($1, $2, 0, 'open')`, [event.data.accountId, event.data.owner]);
  }

  @On(MoneyDeposited)
  async deposited(event: DecodedEvent<typeof MoneyDeposited>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query(`update ${table} set balance = balance + $2 where account_id = $1`, [event.data.accountId, event.data.amount]);
  }

  @On(MoneyWithdrawn)
  async withdrawn(event: DecodedEvent<typeof MoneyWithdrawn>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query(`update ${table} set balance = balance - $2 where account_id = $1`, [event.data.accountId, event.data.amount]);
  }

  @On(AccountClosed)
  async closed(event: DecodedEvent<typeof AccountClosed>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query(`update ${table} set status = 'closed' where account_id = $1`, [event.data.accountId]);
  }

  // A rebuild empties the table in the transaction that deletes the checkpoint.
  async reset(ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query(`truncate ${table}`);
  }
}
