// A small money-transfer domain for the subscriber tests: accounts, and transfers run by a process manager.
import { z } from 'zod';
import {
  Aggregate,
  AggregateRoot,
  Apply,
  CommandHandler,
  DomainError,
  On,
  ProcessManager,
  defineCommand,
  defineEvent,
  isDomainError,
  type CommandOf,
  type DecodedEvent,
  type EventOf,
  type ProcessContext,
} from '@factum/core';

export const OpenAccount = defineCommand('OpenAccount', z.object({ accountId: z.string(), balance: z.number().int().nonnegative() }));
export const WithdrawForTransfer = defineCommand(
  'WithdrawForTransfer',
  z.object({ accountId: z.string(), transferId: z.string(), amount: z.number().int().positive() }),
);
export const DepositForTransfer = defineCommand(
  'DepositForTransfer',
  z.object({ accountId: z.string(), transferId: z.string(), amount: z.number().int().positive() }),
);
export const RequestTransfer = defineCommand(
  'RequestTransfer',
  z.object({ transferId: z.string(), from: z.string(), to: z.string(), amount: z.number().int().positive() }),
);
export const CompleteTransfer = defineCommand('CompleteTransfer', z.object({ transferId: z.string() }));
export const FailTransfer = defineCommand('FailTransfer', z.object({ transferId: z.string(), reason: z.string() }));

export const AccountOpened = defineEvent('AccountOpened', z.object({ accountId: z.string(), balance: z.number() }));
export const TransferDebited = defineEvent('TransferDebited', z.object({ accountId: z.string(), transferId: z.string(), amount: z.number() }));
export const TransferCredited = defineEvent('TransferCredited', z.object({ accountId: z.string(), transferId: z.string(), amount: z.number() }));
export const TransferRequested = defineEvent('TransferRequested', z.object({ transferId: z.string(), from: z.string(), to: z.string(), amount: z.number() }));
export const TransferCompleted = defineEvent('TransferCompleted', z.object({ transferId: z.string() }));
export const TransferFailed = defineEvent('TransferFailed', z.object({ transferId: z.string(), reason: z.string() }));

@Aggregate({ category: 'account' })
export class Account extends AggregateRoot {
  balance = 0;
  open = false;

  @CommandHandler(OpenAccount, { id: (c) => c.accountId })
  openAccount(command: CommandOf<typeof OpenAccount>): void {
    if (this.open) throw new DomainError('AccountExists', 'already open');
    this.emit(AccountOpened(command));
  }

  @CommandHandler(WithdrawForTransfer, { id: (c) => c.accountId })
  withdraw(command: CommandOf<typeof WithdrawForTransfer>): void {
    if (command.amount > this.balance) throw new DomainError('InsufficientFunds', `balance ${this.balance} < ${command.amount}`);
    this.emit(TransferDebited(command));
  }

  @CommandHandler(DepositForTransfer, { id: (c) => c.accountId })
  deposit(command: CommandOf<typeof DepositForTransfer>): void {
    this.emit(TransferCredited(command));
  }

  @Apply(AccountOpened)
  protected opened(event: EventOf<typeof AccountOpened>): void {
    this.open = true;
    this.balance = event.balance;
  }

  @Apply(TransferDebited)
  protected debited(event: EventOf<typeof TransferDebited>): void {
    this.balance -= event.amount;
  }

  @Apply(TransferCredited)
  protected credited(event: EventOf<typeof TransferCredited>): void {
    this.balance += event.amount;
  }
}

@Aggregate({ category: 'transfer' })
export class Transfer extends AggregateRoot {
  status: 'none' | 'requested' | 'completed' | 'failed' = 'none';

  @CommandHandler(RequestTransfer, { id: (c) => c.transferId })
  request(command: CommandOf<typeof RequestTransfer>): void {
    if (this.status !== 'none') throw new DomainError('TransferExists', 'already requested');
    this.emit(TransferRequested(command));
  }

  @CommandHandler(CompleteTransfer, { id: (c) => c.transferId })
  complete(command: CommandOf<typeof CompleteTransfer>): void {
    if (this.status === 'requested') this.emit(TransferCompleted(command));
  }

  @CommandHandler(FailTransfer, { id: (c) => c.transferId })
  fail(command: CommandOf<typeof FailTransfer>): void {
    if (this.status === 'requested') this.emit(TransferFailed(command));
  }

  @Apply(TransferRequested)
  protected requested(): void {
    this.status = 'requested';
  }

  @Apply(TransferCompleted)
  protected completed(): void {
    this.status = 'completed';
  }

  @Apply(TransferFailed)
  protected failed(): void {
    this.status = 'failed';
  }
}

export interface TransferState {
  from: string;
  to: string;
  amount: number;
  step: 'debiting' | 'crediting' | 'completing';
}

/** Debits the source, credits the target, completes the transfer; fails it when the debit is refused. */
@ProcessManager({ name: 'transfers', retry: { maxAttempts: 2, initialDelayMs: 1 } })
export class TransferProcess {
  /** Every (event type, transfer) handled, for the tests to count. */
  readonly handled: string[] = [];

  @On(TransferRequested, { start: true, key: (e) => e.transferId })
  async requested(event: DecodedEvent<typeof TransferRequested>, ctx: ProcessContext<TransferState>): Promise<void> {
    this.handled.push(`requested:${event.data.transferId}`);
    const { transferId, from, to, amount } = event.data;
    ctx.state = { from, to, amount, step: 'debiting' };
    try {
      await ctx.dispatch(WithdrawForTransfer({ accountId: from, transferId, amount }));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      await ctx.dispatch(FailTransfer({ transferId, reason: error.message }));
      ctx.end();
    }
  }

  @On(TransferDebited, { key: (e) => e.transferId })
  async debited(event: DecodedEvent<typeof TransferDebited>, ctx: ProcessContext<TransferState>): Promise<void> {
    this.handled.push(`debited:${event.data.transferId}`);
    const state = ctx.state!;
    await ctx.dispatch(DepositForTransfer({ accountId: state.to, transferId: event.data.transferId, amount: state.amount }));
    ctx.state = { ...state, step: 'crediting' };
  }

  @On(TransferCredited, { key: (e) => e.transferId })
  async credited(event: DecodedEvent<typeof TransferCredited>, ctx: ProcessContext<TransferState>): Promise<void> {
    this.handled.push(`credited:${event.data.transferId}`);
    await ctx.dispatch(CompleteTransfer({ transferId: event.data.transferId }));
    ctx.state = { ...ctx.state!, step: 'completing' };
  }

  @On(TransferCompleted, { end: true, key: (e) => e.transferId })
  completed(event: DecodedEvent<typeof TransferCompleted>): void {
    this.handled.push(`completed:${event.data.transferId}`);
  }
}
