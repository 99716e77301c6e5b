import { InMemoryEventStore } from '@factum/event-store';
import { ConcurrencyError, createApp } from '@factum/core';
import { BankAccount, Deposit, OpenAccount } from './support/bank';
import { readAll } from './support/store-helpers';

/**
 * The aggregate cache at its busiest: two apps on one store (as two processes would be), each
 * with a cache smaller than the set of accounts, so aggregates are evicted and reloaded while
 * the other app's appends make cached ones stale and conflicts force retries. Every balance must
 * still be the exact sum of the deposits that committed.
 */
describe('a small aggregate cache under racing apps', () => {
  it('keeps every balance exact through evictions, stale entries, conflicts and retries', async () => {
    const store = new InMemoryEventStore();
    const accounts = Array.from({ length: 8 }, (_, index) => `a${index}`);
    const apps = await Promise.all(
      [0, 1].map(() => createApp({ store, aggregates: [BankAccount], cache: { maxAggregates: 3 }, retries: { maxAttempts: 50 } })),
    );
    for (const accountId of accounts) await apps[0]!.dispatch(OpenAccount({ accountId, owner: 'Ada' }));

    const deposits = Array.from({ length: 400 }, (_, index) => ({
      accountId: accounts[(index * 5) % accounts.length]!,
      amount: (index % 9) + 1,
      app: apps[index % 2]!,
    }));
    const outcomes = await Promise.allSettled(deposits.map(({ accountId, amount, app }) => app.dispatch(Deposit({ accountId, amount }))));

    const committed = new Map<string, number>(accounts.map((accountId) => [accountId, 0]));
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ConcurrencyError);
      else committed.set(deposits[index]!.accountId, committed.get(deposits[index]!.accountId)! + deposits[index]!.amount);
    });
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').length).toBeGreaterThan(300);
    for (const accountId of accounts) {
      const stored = await readAll(store, `account-${accountId}`);
      const sum = stored.slice(1).reduce((total, event) => total + (event.data as { amount: number }).amount, 0);
      expect(sum).toBe(committed.get(accountId));
      // Both apps, whatever their caches hold, decide on the current state.
      for (const app of apps) expect((await app.load(BankAccount, accountId))?.balance).toBe(sum);
      const next = await apps[1]!.dispatch(Deposit({ accountId, amount: 1 }));
      expect(next.version).toBe(stored.length + 1);
      const after = await apps[0]!.dispatch(Deposit({ accountId, amount: 1 }));
      expect(after.version).toBe(stored.length + 2);
    }
  });
});
