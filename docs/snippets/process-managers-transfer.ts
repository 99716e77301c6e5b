// Compiled by `npm run typecheck` and run by the core tests, so docs/process-managers.md stays true.
import { InMemoryEventStore } from '@factum/event-store';
import {
  Aggregate,
  AggregateRoot,
  Apply,
  CommandHandler,
  DomainError,
  createApp,
  defineCommand,
  defineEvent,
  isRefusal,
  On,
  ProcessManager,
  type CommandOf,
  type DecodedEvent,
  type ProcessContext,
} from '@factum/core';
import { z } from 'zod';
import { BankAccount, Deposit, MoneyDeposited, MoneyWithdrawn, OpenAccount, Withdraw } from './aggregates-bank-account';

export const RequestTransfer = defineCommand('RequestTransfer', z.object({ transferId: z.string(), from: z.string(), to: z.string(), amount: z.number().int().positive() }));
export const CompleteTransfer = defineCommand('CompleteTransfer', z.object({ transferId: z.string() }));
export const FailTransfer = defineCommand('FailTransfer', z.object({ transferId: z.string(), reason: z.string() }));
export const TransferRequested = defineEvent('TransferRequested', z.object({ transferId: z.string(), from: z.string(), to: z.string(), amount: z.number() }));
export const TransferCompleted = defineEvent('TransferCompleted', z.object({ transferId: z.string() }));
export const TransferFailed = defineEvent('TransferFailed', z.object({ transferId: z.string(), reason: z.string() }));

@Aggregate({ category: 'transfer' })
export class Transfer extends AggregateRoot {
  status: 'new' | 'requested' | 'completed' | 'failed' = 'new';

  @CommandHandler(RequestTransfer, { id: (c) => c.transferId })
  request(command: CommandOf<typeof RequestTransfer>): void {
    if (this.status !== 'new') throw new DomainError('TransferExists', `transfer ${command.transferId} exists`);
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

  @Apply(TransferRequested) protected requested(): void {
    this.status = 'requested';
  }
  @Apply(TransferCompleted) protected completed(): void {
    this.status = 'completed';
  }
  @Apply(TransferFailed) protected failed(): void {
    this.status = 'failed';
  }
}

interface TransferState {
  transferId: string;
  from: string;
  to: string;
  amount: number;
}

// One instance per transfer. Without a `key`, an event belongs to the instance of its correlation id:
// the commands an instance dispatches carry it on, so the events they cause come back to the same instance.
@ProcessManager({ name: 'transfers' })
export class TransferProcess {
  @On(TransferRequested, { start: true })
  async requested(event: DecodedEvent<typeof TransferRequested>, ctx: ProcessContext<TransferState>): Promise<void> {
    const { transferId, from, to, amount } = event.data;
    ctx.state = { transferId, from, to, amount };
    try {
      await ctx.dispatch(Withdraw({ accountId: from, amount }));
    } catch (error) {
      if (!isRefusal(error)) throw error; // an outage: retried, then the error policy
      await ctx.dispatch(FailTransfer({ transferId, reason: error.code })); // a refusal is an outcome
      ctx.end();
    }
  }

  @On(MoneyWithdrawn)
  async withdrawn(_event: DecodedEvent<typeof MoneyWithdrawn>, ctx: ProcessContext<TransferState>): Promise<void> {
    const { transferId, from, to, amount } = ctx.state!;
    try {
      await ctx.dispatch(Deposit({ accountId: to, amount }));
    } catch (error) {
      if (!isRefusal(error)) throw error;
      // The money has left `from` and cannot arrive: compensate, whatever the reason was.
      await ctx.dispatch(Deposit({ accountId: from, amount }));
      await ctx.dispatch(FailTransfer({ transferId, reason: error.code }));
      ctx.end();
    }
  }

  @On(MoneyDeposited)
  async deposited(_event: DecodedEvent<typeof MoneyDeposited>, ctx: ProcessContext<TransferState>): Promise<void> {
    await ctx.dispatch(CompleteTransfer({ transferId: ctx.state!.transferId }));
  }

  @On(TransferCompleted, { end: true })
  completed(): void {}
}

export async function transferDemo(): Promise<{ from: number; to: number; failed: boolean }> {
  const store = new InMemoryEventStore();
  const app = await createApp({ store, aggregates: [BankAccount, Transfer], processManagers: [TransferProcess] });
  await app.start(); // the process manager begins at the head of the log: it never handles history
  await app.dispatch(OpenAccount({ accountId: 'alice', owner: 'Alice' }));
  await app.dispatch(OpenAccount({ accountId: 'bob', owner: 'Bob' }));
  await app.dispatch(Deposit({ accountId: 'alice', amount: 100 }));

  await app.dispatch(RequestTransfer({ transferId: 't-1', from: 'alice', to: 'bob', amount: 30 }));
  await app.dispatch(RequestTransfer({ transferId: 't-2', from: 'alice', to: 'bob', amount: 500 })); // too much: fails

  // Wait for both outcomes (a test would use waitFor helpers).
  const outcomes = new Set<string>();
  for (let tries = 0; outcomes.size < 2 && tries < 200; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    for await (const event of store.readAll({ filter: { types: ['TransferCompleted', 'TransferFailed'] } })) outcomes.add(event.type);
  }
  const [alice, bob] = [await app.load(BankAccount, 'alice'), await app.load(BankAccount, 'bob')];
  await app.stop();
  return { from: alice!.balance, to: bob!.balance, failed: outcomes.has('TransferFailed') };
}
