import { On, Projector, type DecodedEvent, type ProjectionContext } from '@factum/core';
import { sqlTable, type SqlTransaction } from '@factum/postgres';
import { AccountClosed, AccountOpened, MoneyDeposited, MoneyWithdrawn } from '../../accounts/account-messages';
import { READ_MODEL_SCHEMA } from './read-model-tables';

const balances = sqlTable<{ account_id: string; owner: string; balance: number; status: 'open' | 'closed' }>({
  name: `${READ_MODEL_SCHEMA}.balances`,
  key: ['account_id'],
  columns: { account_id: 'text', owner: 'text', balance: 'bigint', status: 'text' },
});

/**
 * Balance and status per account, written in the transaction that moves its checkpoint (exactly
 * once). Handlers stage their rows; each batch writes them in a statement or two (bulk writes).
 */
@Projector({ name: 'bank-balances', transactional: true })
export class BalancesTable {
  @On(AccountOpened)
  opened(event: DecodedEvent<typeof AccountOpened>, ctx: ProjectionContext<SqlTransaction>): void {
    balances.in(ctx.tx).upsert({ account_id: event.data.accountId, owner: event.data.owner, balance: 0, status: 'open' });
  }

  @On(MoneyDeposited)
  deposited(event: DecodedEvent<typeof MoneyDeposited>, ctx: ProjectionContext<SqlTransaction>): void {
    balances.in(ctx.tx).update({ account_id: event.data.accountId, balance: event.data.amount }, { add: ['balance'] });
  }

  @On(MoneyWithdrawn)
  withdrawn(event: DecodedEvent<typeof MoneyWithdrawn>, ctx: ProjectionContext<SqlTransaction>): void {
    balances.in(ctx.tx).update({ account_id: event.data.accountId, balance: -event.data.amount }, { add: ['balance'] });
  }

  @On(AccountClosed)
  closed(event: DecodedEvent<typeof AccountClosed>, ctx: ProjectionContext<SqlTransaction>): void {
    balances.in(ctx.tx).update({ account_id: event.data.accountId, status: 'closed' });
  }

  // A rebuild empties the table in the transaction that deletes the checkpoint.
  async reset(ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query(`truncate ${READ_MODEL_SCHEMA}.balances`);
  }
}
