import { InMemoryEventStore, type AppendOptions, type NewEvent } from '@factum/event-store';
import { ConcurrencyError, createApp, isFactumError } from '@factum/core';
import { BankAccount, Deposit, OpenAccount } from './support/bank';
import { readAll } from './support/store-helpers';

const sum = (amounts: number[]): number => amounts.reduce((total, amount) => total + amount, 0);

describe('concurrent commands on one aggregate never lose an update', () => {
  it('50 parallel deposits through one app (cache on) all succeed and give the exact balance', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    const amounts = Array.from({ length: 50 }, (_, index) => index + 1);

    const results = await Promise.all(amounts.map((amount) => app.dispatch(Deposit({ accountId: 'a1', amount }))));

    expect(new Set(results.map((result) => result.version)).size).toBe(50);
    expect((await app.load(BankAccount, 'a1'))?.balance).toBe(sum(amounts));
    const stored = await readAll(store, 'account-a1');
    expect(sum(stored.slice(1).map((event) => (event.data as { amount: number }).amount))).toBe(sum(amounts));
  });

  it('two apps racing on one store: every deposit either commits exactly once or fails with ConcurrencyError', async () => {
    const store = new InMemoryEventStore();
    const first = await createApp({ store, aggregates: [BankAccount] });
    const second = await createApp({ store, aggregates: [BankAccount], retries: { maxAttempts: 50 } });
    await first.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    await second.dispatch(Deposit({ accountId: 'a1', amount: 1000 })); // warms the second app's cache too
    const amounts = Array.from({ length: 50 }, (_, index) => index + 1);

    const outcomes = await Promise.allSettled(
      amounts.map((amount, index) => (index % 2 === 0 ? first : second).dispatch(Deposit({ accountId: 'a1', amount }))),
    );

    const committed = amounts.filter((_, index) => outcomes[index]!.status === 'fulfilled');
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ConcurrencyError);
    }
    expect(committed.length).toBeGreaterThan(0);
    const stored = await readAll(store, 'account-a1');
    expect(stored).toHaveLength(2 + committed.length);
    const balance = 1000 + sum(committed);
    expect((await first.load(BankAccount, 'a1'))?.balance).toBe(balance);
    // Both caches decide on the current state afterwards.
    expect((await first.dispatch(Deposit({ accountId: 'a1', amount: 1 }))).version).toBe(stored.length + 1);
    expect((await second.dispatch(Deposit({ accountId: 'a1', amount: 1 }))).version).toBe(stored.length + 2);
    expect((await second.load(BankAccount, 'a1'))?.balance).toBe(balance + 2);
  });

  it('gives up with ConcurrencyError after maxAttempts when the stream keeps moving, having appended nothing', async () => {
    const inner = new InMemoryEventStore();
    let attempts = 0;
    // Another writer slips an event in before every append of ours.
    const store = Object.assign(Object.create(inner) as InMemoryEventStore, {
      async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions) {
        if (streamId === 'account-a1' && events[0]?.type === 'MoneyDeposited' && typeof options?.expectedVersion === 'number') {
          attempts++;
          await inner.append(streamId, [{ type: 'MoneyDeposited', data: { accountId: 'a1', amount: 1 } }]);
        }
        return inner.append(streamId, events, options);
      },
    });
    const app = await createApp({ store, aggregates: [BankAccount], retries: { maxAttempts: 4 } });
    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));

    const error = await app.dispatch(Deposit({ accountId: 'a1', amount: 500 })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(isFactumError(error, 'CONCURRENCY_CONFLICT')).toBe(true);
    expect(error).toMatchObject({ streamId: 'account-a1', attempts: 4 });
    expect(attempts).toBe(4);
    const amounts = (await readAll(inner, 'account-a1')).slice(1).map((event) => (event.data as { amount: number }).amount);
    expect(amounts).toEqual([1, 1, 1, 1]); // only the other writer's events
  });

  it('with maxAttempts 1, a cached aggregate whose stream moved gives up after its one append, and a second attempt succeeds when allowed', async () => {
    for (const maxAttempts of [1, 2]) {
      const store = new InMemoryEventStore();
      const app = await createApp({ store, aggregates: [BankAccount], retries: { maxAttempts } });
      await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' })); // cached at version 1
      await store.append('account-a1', [{ type: 'MoneyDeposited', data: { accountId: 'a1', amount: 1 } }]);

      const outcome = await app.dispatch(Deposit({ accountId: 'a1', amount: 500 })).catch((e: unknown) => e);

      const amounts = (await readAll(store, 'account-a1')).slice(1).map((event) => (event.data as { amount: number }).amount);
      if (maxAttempts === 1) {
        expect(outcome).toBeInstanceOf(ConcurrencyError);
        expect(outcome).toMatchObject({ streamId: 'account-a1', attempts: 1 });
        expect(amounts).toEqual([1]);
      } else {
        expect(outcome).toMatchObject({ version: 3 });
        expect(amounts).toEqual([1, 500]);
        expect((await app.load(BankAccount, 'a1'))?.balance).toBe(501);
      }
    }
  });
});
