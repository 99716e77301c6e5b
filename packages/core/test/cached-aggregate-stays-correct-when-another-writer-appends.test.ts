import { InMemoryEventStore } from '@factum/event-store';
import { createApp, isDomainError } from '@factum/core';
import { BankAccount, Deposit, OpenAccount, RenameOwner, Withdraw } from './support/bank';
import { readAll } from './support/store-helpers';

async function twoApps() {
  const store = new InMemoryEventStore();
  const mine = await createApp({ store, aggregates: [BankAccount] });
  const other = await createApp({ store, aggregates: [BankAccount] });
  await mine.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
  await mine.dispatch(Deposit({ accountId: 'a1', amount: 100 })); // cached in `mine` at balance 100
  return { store, mine, other };
}

describe('a cached aggregate never decides on stale state when another writer appends', () => {
  it('does not approve what the current state refuses (another app withdrew meanwhile)', async () => {
    const { store, mine, other } = await twoApps();
    await other.dispatch(Withdraw({ accountId: 'a1', amount: 80 })); // balance is 20 now

    const error = await mine.dispatch(Withdraw({ accountId: 'a1', amount: 50 })).catch((e: unknown) => e);

    expect(isDomainError(error, 'InsufficientFunds')).toBe(true);
    expect((await readAll(store, 'account-a1')).map((e) => e.type)).toEqual(['AccountOpened', 'MoneyDeposited', 'MoneyWithdrawn']);
  });

  it('does not refuse what the current state allows (another app deposited meanwhile)', async () => {
    const { mine, other } = await twoApps();
    await other.dispatch(Deposit({ accountId: 'a1', amount: 400 })); // balance is 500 now

    const result = await mine.dispatch(Withdraw({ accountId: 'a1', amount: 450 }));

    expect(result.version).toBe(4);
    expect((await mine.load(BankAccount, 'a1'))?.balance).toBe(50);
  });

  it('does not call a change a no-op because of stale state (a direct store append renamed the owner)', async () => {
    const { store, mine } = await twoApps();
    await store.append('account-a1', [{ type: 'OwnerRenamed', data: { accountId: 'a1', owner: 'Bea' } }]);

    const result = await mine.dispatch(RenameOwner({ accountId: 'a1', owner: 'Ada' }));

    expect(result.events.map((e) => e.data)).toEqual([{ accountId: 'a1', owner: 'Ada' }]);
    expect((await mine.load(BankAccount, 'a1'))?.owner).toBe('Ada');
  });

  it('folds in events another writer appended before deciding, so the balance stays exact', async () => {
    const { store, mine } = await twoApps();
    await store.append('account-a1', [{ type: 'MoneyDeposited', data: { accountId: 'a1', amount: 7 } }]);
    await mine.dispatch(Deposit({ accountId: 'a1', amount: 1 }));
    await store.append('account-a1', [{ type: 'MoneyWithdrawn', data: { accountId: 'a1', amount: 8 } }]);
    await mine.dispatch(Deposit({ accountId: 'a1', amount: 2 }));
    expect((await mine.load(BankAccount, 'a1'))?.balance).toBe(102);
    await expect(mine.dispatch(Withdraw({ accountId: 'a1', amount: 103 }))).rejects.toMatchObject({ code: 'InsufficientFunds' });
    expect((await mine.dispatch(Withdraw({ accountId: 'a1', amount: 102 }))).version).toBe(7);
  });

  it('works the same with the cache turned off', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount], cache: false });
    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    await store.append('account-a1', [{ type: 'MoneyDeposited', data: { accountId: 'a1', amount: 7 } }]);
    expect((await app.dispatch(Withdraw({ accountId: 'a1', amount: 7 }))).version).toBe(3);
  });
});
