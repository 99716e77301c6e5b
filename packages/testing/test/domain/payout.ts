// A payout: request it, the process debits the wallet, then completes or fails the payout.
import {
  Aggregate,
  AggregateRoot,
  Apply,
  CommandHandler,
  defineCommand,
  defineEvent,
  isDomainError,
  On,
  ProcessManager,
  type CommandOf,
  type DecodedEvent,
  type ProcessContext,
} from '@factum/core';
import { z } from 'zod';
import { Debit, Debited } from './wallet';

export const RequestPayout = defineCommand('RequestPayout', z.object({ payoutId: z.string(), walletId: z.string(), amount: z.number().int().positive() }));
export const CompletePayout = defineCommand('CompletePayout', z.object({ payoutId: z.string() }));
export const FailPayout = defineCommand('FailPayout', z.object({ payoutId: z.string(), reason: z.string() }));

export const PayoutRequested = defineEvent('PayoutRequested', z.object({ payoutId: z.string(), walletId: z.string(), amount: z.number() }));
export const PayoutCompleted = defineEvent('PayoutCompleted', z.object({ payoutId: z.string() }));
export const PayoutFailed = defineEvent('PayoutFailed', z.object({ payoutId: z.string(), reason: z.string() }));

@Aggregate({ category: 'payout' })
export class Payout extends AggregateRoot {
  @CommandHandler(RequestPayout, { id: (command) => command.payoutId })
  request(command: CommandOf<typeof RequestPayout>): void {
    this.emit(PayoutRequested(command));
  }

  @CommandHandler(CompletePayout, { id: (command) => command.payoutId })
  complete(command: CommandOf<typeof CompletePayout>): void {
    this.emit(PayoutCompleted(command));
  }

  @CommandHandler(FailPayout, { id: (command) => command.payoutId })
  fail(command: CommandOf<typeof FailPayout>): void {
    this.emit(PayoutFailed(command));
  }

  @Apply(PayoutRequested)
  protected requested(): void {}

  @Apply(PayoutCompleted)
  protected completed(): void {}

  @Apply(PayoutFailed)
  protected failed(): void {}
}

export interface PayoutState {
  payoutId: string;
  walletId: string;
  amount: number;
}

@ProcessManager({ name: 'payouts' })
export class PayoutProcess {
  @On(PayoutRequested, { start: true })
  async requested(event: DecodedEvent<typeof PayoutRequested>, ctx: ProcessContext<PayoutState>): Promise<void> {
    ctx.state = { ...event.data };
    try {
      await ctx.dispatch(Debit({ walletId: event.data.walletId, amount: event.data.amount }));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      await ctx.dispatch(FailPayout({ payoutId: event.data.payoutId, reason: error.code }));
      ctx.end();
    }
  }

  @On(Debited)
  async debited(_event: DecodedEvent<typeof Debited>, ctx: ProcessContext<PayoutState>): Promise<void> {
    // Reassigned on purpose: under Jest, core's structuredClone of a saved state yields an object of
    // another realm, which the state check refuses when the handler leaves the state as it got it.
    ctx.state = { ...ctx.state! };
    await ctx.dispatch(CompletePayout({ payoutId: ctx.state.payoutId }));
  }

  @On(PayoutCompleted, { end: true })
  completed(): void {}
}
