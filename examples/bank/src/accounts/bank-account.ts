import { Aggregate, AggregateRoot, Apply, CommandHandler, DomainError, type CommandOf, type EventOf } from '@factum/core';
import {
  AccountClosed,
  AccountOpened,
  CloseAccount,
  Deposit,
  MoneyDeposited,
  MoneyWithdrawn,
  OpenAccount,
  Withdraw,
} from './account-messages';

export type AccountStatus = 'new' | 'open' | 'closed';

/** A bank account in stream `account-<accountId>`. It refuses overdrafts and closing with money on it. */
@Aggregate({ category: 'account' })
export class BankAccount extends AggregateRoot {
  status: AccountStatus = 'new';
  owner = '';
  /** In cents. */
  balance = 0;

  @CommandHandler(OpenAccount, { id: (command) => command.accountId })
  openAccount(command: CommandOf<typeof OpenAccount>): void {
    if (this.status !== 'new') throw new DomainError('AccountAlreadyOpen', `account ${command.accountId} already exists: choose another id`);
    this.emit(AccountOpened({ accountId: command.accountId, owner: command.owner }));
  }

  @CommandHandler(Deposit, { id: (command) => command.accountId })
  deposit(command: CommandOf<typeof Deposit>): void {
    this.mustBeOpen(command.accountId);
    this.emit(MoneyDeposited(command));
  }

  @CommandHandler(Withdraw, { id: (command) => command.accountId })
  withdraw(command: CommandOf<typeof Withdraw>): void {
    this.mustBeOpen(command.accountId);
    if (command.amount > this.balance) {
      throw new DomainError('InsufficientFunds', `account ${command.accountId} holds ${this.balance} cents, less than the ${command.amount} asked for`, {
        balance: this.balance,
        requested: command.amount,
      });
    }
    this.emit(MoneyWithdrawn(command));
  }

  @CommandHandler(CloseAccount, { id: (command) => command.accountId })
  close(command: CommandOf<typeof CloseAccount>): void {
    this.mustBeOpen(command.accountId);
    if (this.balance !== 0) {
      throw new DomainError('BalanceNotZero', `account ${command.accountId} still holds ${this.balance} cents: withdraw or transfer them first`, {
        balance: this.balance,
      });
    }
    this.emit(AccountClosed({ accountId: command.accountId }));
  }

  private mustBeOpen(accountId: string): void {
    if (this.status === 'new') throw new DomainError('AccountNotFound', `account ${accountId} does not exist: open it first`);
    if (this.status === 'closed') throw new DomainError('AccountClosed', `account ${accountId} is closed and takes no more movements`);
  }

  @Apply(AccountOpened)
  protected opened(event: EventOf<typeof AccountOpened>): void {
    this.status = 'open';
    this.owner = event.owner;
  }

  @Apply(MoneyDeposited)
  protected deposited(event: EventOf<typeof MoneyDeposited>): void {
    this.balance += event.amount;
  }

  @Apply(MoneyWithdrawn)
  protected withdrawn(event: EventOf<typeof MoneyWithdrawn>): void {
    this.balance -= event.amount;
  }

  @Apply(AccountClosed)
  protected closed(): void {
    this.status = 'closed';
  }
}
