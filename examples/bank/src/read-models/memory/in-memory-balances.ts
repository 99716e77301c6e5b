import { On, Projector, type DecodedEvent } from '@factum/core';
import { AccountClosed, AccountOpened, MoneyDeposited, MoneyWithdrawn } from '../../accounts/account-messages';
import type { BalanceRow } from '../postgres/read-model-tables';

/** The balances read model in memory, for tests and apps without Postgres. */
@Projector({ name: 'bank-balances', readModel: 'memory' })
export class InMemoryBalances {
  private readonly rows = new Map<string, BalanceRow>();

  get(accountId: string): BalanceRow | undefined {
    return this.rows.get(accountId);
  }

  all(): BalanceRow[] {
    return [...this.rows.values()].sort((a, b) => a.accountId.localeCompare(b.accountId));
  }

  @On(AccountOpened)
  opened(event: DecodedEvent<typeof AccountOpened>): void {
    this.rows.set(event.data.accountId, { accountId: event.data.accountId, owner: event.data.owner, balance: 0, status: 'open' });
  }

  @On(MoneyDeposited)
  deposited(event: DecodedEvent<typeof MoneyDeposited>): void {
    this.change(event.data.accountId, (row) => (row.balance += event.data.amount));
  }

  @On(MoneyWithdrawn)
  withdrawn(event: DecodedEvent<typeof MoneyWithdrawn>): void {
    this.change(event.data.accountId, (row) => (row.balance -= event.data.amount));
  }

  @On(AccountClosed)
  closed(event: DecodedEvent<typeof AccountClosed>): void {
    this.change(event.data.accountId, (row) => (row.status = 'closed'));
  }

  reset(): void {
    this.rows.clear();
  }

  private change(accountId: string, update: (row: BalanceRow) => void): void {
    const row = this.rows.get(accountId);
    if (row) update(row);
  }
}
