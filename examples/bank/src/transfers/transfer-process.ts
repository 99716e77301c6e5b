import { isRefusal, On, ProcessManager, type DecodedEvent, type ProcessContext } from '@factum/core';
import { Deposit, MoneyDeposited, MoneyWithdrawn, RefundTransfer, Withdraw } from '../accounts/account-messages';
import { CompleteTransfer, FailTransfer, TransferFailed, TransferRequested } from './transfer-messages';
import { transferErrorPolicy } from './transfer-error-policy';

export type TransferStep = 'withdrawing' | 'depositing' | 'refunding';

export interface TransferProcessState {
  transferId: string;
  from: string;
  to: string;
  amount: number;
  step: TransferStep;
  /** Why the deposit was refused, kept for the TransferFailed that follows the refund. */
  reason?: string;
}

/**
 * Runs each transfer: withdraw from the source, deposit to the target, complete. A refused
 * withdrawal fails the transfer; a refused deposit puts the money back on the source first.
 * "Refused" means every refusal (`isRefusal`): a closed or missing target, and equally an id or
 * amount the account's rules refuse. Only an outage is rethrown, to be retried. One instance per
 * transfer, found by correlation id: every command it dispatches carries the correlation id on,
 * and so do the events they cause.
 */
@ProcessManager({ name: 'transfers', onError: transferErrorPolicy })
export class TransferProcess {
  @On(TransferRequested, { start: true })
  async requested(event: DecodedEvent<typeof TransferRequested>, ctx: ProcessContext<TransferProcessState>): Promise<void> {
    const { transferId, from, to, amount } = event.data;
    ctx.state = { transferId, from, to, amount, step: 'withdrawing' };
    try {
      await ctx.dispatch(Withdraw({ accountId: from, amount, transferId }));
    } catch (error) {
      if (!isRefusal(error)) throw error; // an outage: retried with the same command ids
      await ctx.dispatch(FailTransfer({ transferId, reason: error.code, refunded: false }));
      ctx.end();
    }
  }

  @On(MoneyWithdrawn)
  async withdrawn(_event: DecodedEvent<typeof MoneyWithdrawn>, ctx: ProcessContext<TransferProcessState>): Promise<void> {
    const state = ctx.state;
    if (state?.step !== 'withdrawing') return;
    try {
      await ctx.dispatch(Deposit({ accountId: state.to, amount: state.amount, transferId: state.transferId }));
      ctx.state = { ...state, step: 'depositing' };
    } catch (error) {
      if (!isRefusal(error)) throw error;
      // Compensation: the money left the source but cannot arrive, so it goes back, whatever the refusal was.
      try {
        await ctx.dispatch(RefundTransfer({ accountId: state.from, amount: state.amount, transferId: state.transferId }));
        ctx.state = { ...state, step: 'refunding', reason: error.code };
      } catch (refundError) {
        if (!isRefusal(refundError)) throw refundError;
        // Only a balance past the exact range refuses a refund: say so rather than wait forever.
        await ctx.dispatch(FailTransfer({ transferId: state.transferId, reason: `RefundRefused:${refundError.code}`, refunded: false }));
        ctx.end();
      }
    }
  }

  @On(MoneyDeposited)
  async deposited(_event: DecodedEvent<typeof MoneyDeposited>, ctx: ProcessContext<TransferProcessState>): Promise<void> {
    const state = ctx.state;
    if (state?.step === 'depositing') {
      await ctx.dispatch(CompleteTransfer({ transferId: state.transferId }));
    } else if (state?.step === 'refunding') {
      await ctx.dispatch(FailTransfer({ transferId: state.transferId, reason: state.reason ?? 'DepositRefused', refunded: true }));
    } else {
      return;
    }
    // The last command is sent (and, by its command id, sent only once): nothing is left to wait for.
    ctx.end();
  }

  /** Failed from outside (a dead-lettered step, see dead-lettered-transfers.ts): nothing is left to do. */
  @On(TransferFailed, { end: true })
  failed(): void {}
}
