// Compiled by `npm run typecheck` and run by the core tests, so docs/aggregates-and-commands.md stays true.
import { Aggregate, AggregateRoot, Apply, CommandHandler, DomainError, defineCommand, defineEvent, type CommandOf, type EventOf } from '@factum/core';
import { z } from 'zod';

// Messages: a type name you choose (stored forever: never rename an event) and a zod schema.
export const OpenAccount = defineCommand('OpenAccount', z.object({ accountId: z.string(), owner: z.string().min(1) }));
export const Deposit = defineCommand('Deposit', z.object({ accountId: z.string(), amount: z.number().int().positive() }));
export const Withdraw = defineCommand('Withdraw', z.object({ accountId: z.string(), amount: z.number().int().positive() }));

export const AccountOpened = defineEvent('AccountOpened', z.object({ accountId: z.string(), owner: z.string() }));
export const MoneyDeposited = defineEvent('MoneyDeposited', z.object({ accountId: z.string(), amount: z.number() }));
export const MoneyWithdrawn = defineEvent('MoneyWithdrawn', z.object({ accountId: z.string(), amount: z.number() }));

@Aggregate({ category: 'account' }) // streams 'account-<accountId>'
export class BankAccount extends AggregateRoot {
  private open = false;
  balance = 0;

  // Decide: check the current state, then emit events or throw a DomainError.
  @CommandHandler(OpenAccount, { id: (command) => command.accountId })
  openAccount(command: CommandOf<typeof OpenAccount>): void {
    if (this.open) throw new DomainError('AccountAlreadyOpen', `account ${command.accountId} is already open`);
    this.emit(AccountOpened({ accountId: command.accountId, owner: command.owner }));
  }

  @CommandHandler(Deposit, { id: (command) => command.accountId })
  deposit(command: CommandOf<typeof Deposit>): void {
    if (!this.open) throw new DomainError('AccountNotOpen', 'open the account first');
    this.emit(MoneyDeposited({ accountId: command.accountId, amount: command.amount }));
  }

  @CommandHandler(Withdraw, { id: (command) => command.accountId })
  withdraw(command: CommandOf<typeof Withdraw>): void {
    if (command.amount > this.balance) {
      throw new DomainError('InsufficientFunds', `the balance is ${this.balance}`, { balance: this.balance });
    }
    this.emit(MoneyWithdrawn({ accountId: command.accountId, amount: command.amount }));
  }

  // Apply: change state, nothing else. Runs on emit and whenever the account is rebuilt.
  @Apply(AccountOpened)
  protected opened(): void {
    this.open = true;
  }

  @Apply(MoneyDeposited)
  protected deposited(event: EventOf<typeof MoneyDeposited>): void {
    this.balance += event.amount;
  }

  @Apply(MoneyWithdrawn)
  protected withdrawn(event: EventOf<typeof MoneyWithdrawn>): void {
    this.balance -= event.amount;
  }
}
