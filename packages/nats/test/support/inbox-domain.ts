import { Aggregate, AggregateRoot, Apply, CommandHandler, DomainError, defineCommand, defineEvent, type CommandOf, type EventOf } from '@factum/core';
import { z } from 'zod';

export const RecordPayment = defineCommand('RecordPayment', z.object({ ledgerId: z.string().min(1), paymentId: z.string(), amount: z.number().int() }));
export const PaymentRecorded = defineEvent('PaymentRecorded', z.object({ ledgerId: z.string(), paymentId: z.string(), amount: z.number().int() }));

/** Records payments; refuses one over its limit (a refusal: such a message is dead-lettered). */
@Aggregate({ category: 'ledger' })
export class Ledger extends AggregateRoot {
  total = 0;

  @CommandHandler(RecordPayment, { id: (c) => c.ledgerId })
  record(command: CommandOf<typeof RecordPayment>): void {
    if (command.amount > 1_000) throw new DomainError('PaymentOverLimit', `payment ${command.paymentId} of ${command.amount} is over the limit of 1000`);
    this.emit(PaymentRecorded(command));
  }

  @Apply(PaymentRecorded)
  protected recorded(event: EventOf<typeof PaymentRecorded>): void {
    this.total += event.amount;
  }
}
