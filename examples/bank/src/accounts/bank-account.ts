import { Aggregate, AggregateRoot, Apply, CommandHandler, DomainError, type CommandOf, type EventOf } from '@factum/core';
import { AccountClosed, AccountOpened, CloseAccount, Deposit, MoneyDeposited, MoneyWithdrawn, OpenAccount, RefundTransfer, Withdraw } from './account-messages';
import { MAX_BALANCE } from './money';

export type AccountStatus = 'new' | 'open' | 'closed';

/**
 * A bank account in stream `account-<accountId>`. It refuses overdrafts, deposits past
 * MAX_BALANCE, and closing with money on it. The commands' schemas bound each amount; the bounds
 * on the balance are checked here, against the state the amount would change.
 */
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
    if (this.balance + command.amount > MAX_BALANCE) {
      throw new DomainError(
        'BalanceLimitExceeded',
        `account ${command.accountId} holds ${this.balance} cents; ${command.amount} more would pass the limit of ${MAX_BALANCE} cents`,
        { balance: this.balance, requested: command.amount, limit: MAX_BALANCE },
      );
    }
    this.emit(MoneyDeposited(command));
  }

  /**
   * Money a transfer took from this account comes back. Never refused for a rule a deposit has
   * (closed since, at its limit): refusing would lose the money. Only leaving the range where
   * cents are exact is refused, and the process then reports the transfer as not refunded.
   */
  @CommandHandler(RefundTransfer, { id: (command) => command.accountId })
  refund(command: CommandOf<typeof RefundTransfer>): void {
    if (this.status === 'new') throw new DomainError('AccountNotFound', `account ${command.accountId} does not exist: nothing was taken from it`);
    if (!Number.isSafeInteger(this.balance + command.amount)) {
      throw new DomainError('BalanceOverflow', `account ${command.accountId} cannot hold ${command.amount} more cents exactly`, { balance: this.balance });
    }
    this.emit(MoneyDeposited({ accountId: command.accountId, amount: command.amount, transferId: command.transferId }));
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
