// Compiled by `npm run typecheck` and run by the core tests, so docs/projections.md stays true.
import { InMemoryEventStore } from '@factum/event-store';
import { createApp, EventHandler, On, Projector, type DecodedEvent, type RebuildProgress } from '@factum/core';
import { AccountOpened, BankAccount, Deposit, MoneyDeposited, MoneyWithdrawn, OpenAccount, Withdraw } from './aggregates-bank-account';

// A projector: a read model built from events. Its name is its subscription: the checkpoint is stored under it.
@Projector({ name: 'balances' })
export class Balances {
  private readonly balances = new Map<string, number>();

  balanceOf(accountId: string): number | undefined {
    return this.balances.get(accountId);
  }

  // Each @On method gets the stored event, upcast and parsed by its definition: `event.data` is typed.
  @On(AccountOpened)
  opened(event: DecodedEvent<typeof AccountOpened>): void {
    this.balances.set(event.data.accountId, 0);
  }

  @On(MoneyDeposited)
  deposited(event: DecodedEvent<typeof MoneyDeposited>): void {
    this.balances.set(event.data.accountId, (this.balances.get(event.data.accountId) ?? 0) + event.data.amount);
  }

  @On(MoneyWithdrawn)
  withdrawn(event: DecodedEvent<typeof MoneyWithdrawn>): void {
    this.balances.set(event.data.accountId, (this.balances.get(event.data.accountId) ?? 0) - event.data.amount);
  }

  // Called at the start of a rebuild: empty the read model.
  reset(): void {
    this.balances.clear();
  }
}

// An event handler: side effects, from the head of the log on (no history at its first start).
@EventHandler({ name: 'large-deposit-alerts', onError: 'skip', retry: { maxAttempts: 3, initialDelayMs: 50 } })
export class LargeDepositAlerts {
  readonly sent: string[] = [];

  @On(MoneyDeposited)
  async deposited(event: DecodedEvent<typeof MoneyDeposited>): Promise<void> {
    // Delivery is at least once: key the effect by the event id so a repeat does no harm.
    if (event.data.amount >= 10_000 && !this.sent.includes(event.eventId)) this.sent.push(event.eventId);
  }
}

export async function balancesDemo(): Promise<{ balance: number | undefined; alerts: number; rebuilt: RebuildProgress | undefined; states: string[] }> {
  const app = await createApp({
    store: new InMemoryEventStore(),
    aggregates: [BankAccount],
    projectors: [Balances],
    eventHandlers: [LargeDepositAlerts],
  });
  await app.start(); // subscribers run until app.stop()

  // Read your writes: 'strong' resolves once every strongly consistent subscriber (projectors, by default) has the change.
  await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }), { consistency: 'strong' });
  await app.dispatch(Deposit({ accountId: 'a1', amount: 25_000 }), { consistency: 'strong' });
  await app.dispatch(Withdraw({ accountId: 'a1', amount: 5_000 }), { consistency: ['balances'], timeoutMs: 2_000 });
  const balances = app.container.get(Balances); // one instance per app, from the app's container
  const balance = balances.balanceOf('a1'); // 20000

  // Rebuild: reset, replay the whole log, then go on live. Other subscribers are untouched.
  let last: RebuildProgress | undefined;
  await app.projections.rebuild('balances', { onProgress: (progress) => (last = progress) });
  // last: { done: 3, total: 3, eventsPerSecond, etaMs: 0, finished: true, ... }

  const status = await app.subscribers.status(); // position, lag, state and last error of each subscriber
  await app.dispatch(Deposit({ accountId: 'a1', amount: 1 }), { consistency: ['large-deposit-alerts'] });
  const alerts = app.container.get(LargeDepositAlerts).sent.length;
  await app.stop();
  return { balance, alerts, rebuilt: last, states: status.map((s) => `${s.name}: ${s.state}`) };
}
