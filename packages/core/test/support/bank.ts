// A small bank account aggregate shared by the tests.
import { z } from 'zod';
import { Aggregate, AggregateRoot, Apply, CommandHandler, DomainError, defineCommand, defineEvent, type CommandOf, type EventOf } from '@factum/core';

export const OpenAccount = defineCommand('OpenAccount', z.object({ accountId: z.string().min(1), owner: z.string().min(1) }));
export const Deposit = defineCommand('Deposit', z.object({ accountId: z.string(), amount: z.number().int().positive() }));
export const Withdraw = defineCommand('Withdraw', z.object({ accountId: z.string(), amount: z.number().int().positive() }));
export const RenameOwner = defineCommand('RenameOwner', z.object({ accountId: z.string(), owner: z.string().min(1) }));

export const AccountOpened = defineEvent('AccountOpened', z.object({ accountId: z.string(), owner: z.string() }));
export const MoneyDeposited = defineEvent('MoneyDeposited', z.object({ accountId: z.string(), amount: z.number() }));
export const MoneyWithdrawn = defineEvent('MoneyWithdrawn', z.object({ accountId: z.string(), amount: z.number() }));
export const OwnerRenamed = defineEvent('OwnerRenamed', z.object({ accountId: z.string(), owner: z.string() }));

@Aggregate({ category: 'account' })
export class BankAccount extends AggregateRoot {
  isOpen = false;
  owner = '';
  balance = 0;

  @CommandHandler(OpenAccount, { id: (c) => c.accountId })
  open(command: CommandOf<typeof OpenAccount>): void {
    if (this.isOpen) throw new DomainError('AccountAlreadyOpen', `account ${command.accountId} is already open`);
    this.emit(AccountOpened({ accountId: command.accountId, owner: command.owner }));
  }

  @CommandHandler(Deposit, { id: (c) => c.accountId })
  deposit(command: CommandOf<typeof Deposit>): void {
    this.mustBeOpen();
    this.emit(MoneyDeposited({ accountId: command.accountId, amount: command.amount }));
  }

  @CommandHandler(Withdraw, { id: (c) => c.accountId })
  withdraw(command: CommandOf<typeof Withdraw>): void {
    this.mustBeOpen();
    if (command.amount > this.balance) {
      throw new DomainError('InsufficientFunds', `balance ${this.balance} is less than ${command.amount}`, { balance: this.balance });
    }
    this.emit(MoneyWithdrawn({ accountId: command.accountId, amount: command.amount }));
  }

  /** Emits nothing when the name does not change: a command that appends nothing. */
  @CommandHandler(RenameOwner, { id: (c) => c.accountId })
  rename(command: CommandOf<typeof RenameOwner>): void {
    this.mustBeOpen();
    if (command.owner !== this.owner) this.emit(OwnerRenamed({ accountId: command.accountId, owner: command.owner }));
  }

  @Apply(AccountOpened)
  protected opened(event: EventOf<typeof AccountOpened>): void {
    this.isOpen = true;
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

  @Apply(OwnerRenamed)
  protected renamed(event: EventOf<typeof OwnerRenamed>): void {
    this.owner = event.owner;
  }

  private mustBeOpen(): void {
    if (!this.isOpen) throw new DomainError('AccountNotOpen', 'open the account first');
  }
}
