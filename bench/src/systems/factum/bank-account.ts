/**
 * The aggregate the command workloads dispatch to, written the way a Factum user writes one:
 * a zod-typed command and event, a decorated aggregate that decides and applies.
 */
import { AggregateRoot, Aggregate, Apply, CommandHandler, DomainError, defineCommand, defineEvent, type CommandOf, type EventOf } from '@factum/core';
import { z } from 'zod';

export const Deposit = defineCommand(
  'Deposit',
  z.object({ accountId: z.string().min(1), amount: z.number().int().positive(), n: z.number().int().nonnegative() }),
);

export const Deposited = defineEvent('Deposited', z.object({ accountId: z.string(), amount: z.number().int(), n: z.number().int() }));

@Aggregate({ category: 'account' })
export class BankAccount extends AggregateRoot {
  private balance = 0;

  @CommandHandler(Deposit, { id: (c) => c.accountId })
  deposit(command: CommandOf<typeof Deposit>): void {
    if (this.balance < 0) throw new DomainError('AccountOverdrawn', 'an overdrawn account takes no deposits');
    this.emit(Deposited({ accountId: command.accountId, amount: command.amount, n: command.n }));
  }

  @Apply(Deposited)
  deposited(event: EventOf<typeof Deposited>): void {
    this.balance += event.amount;
  }
}
