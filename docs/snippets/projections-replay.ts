// Compiled by `npm run typecheck` and run by the core tests, so docs/projections.md stays true.
import { InMemoryEventStore } from '@factum/event-store';
import { createApp } from '@factum/core';
import { BankAccount, Deposit, OpenAccount } from './aggregates-bank-account';
import { Balances } from './projections-balances';

export async function replayDemo(): Promise<{ asOfFirstDeposit: number | undefined; asOfNewYear: number | undefined; now: number | undefined }> {
  const store = new InMemoryEventStore();
  const app = await createApp({ store, aggregates: [BankAccount], projectors: [Balances] });
  await app.start();
  await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
  const first = await app.dispatch(Deposit({ accountId: 'a1', amount: 100 }));
  await app.dispatch(Deposit({ accountId: 'a1', amount: 50 }));
  const newYear = new Date();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const last = await app.dispatch(Deposit({ accountId: 'a1', amount: 25 }));

  // Wait: every subscriber (or those named) has handled everything it reads up to a position.
  await app.subscribers.waitFor(last.position, { subscribers: ['balances'], timeoutMs: 10_000 });

  // Replay: a new instance of the projector, folded over the log up to a position or a moment.
  // The running projector, its checkpoint and its read model are untouched.
  const asOfFirstDeposit = await app.projections.replay(Balances, { upTo: first.position! });
  const asOfNewYear = await app.projections.replay(Balances, { upTo: newYear });

  const result = {
    asOfFirstDeposit: asOfFirstDeposit.balanceOf('a1'), // 100
    asOfNewYear: asOfNewYear.balanceOf('a1'), // 150
    now: app.container.get(Balances).balanceOf('a1'), // 175
  };
  await app.stop();
  return result;
}
