import { InMemoryEventStore, InMemorySnapshotStore } from '@factum/event-store';
import { Aggregate, ConfigurationError, createApp } from '@factum/core';
import { BankAccount, Deposit, OpenAccount } from './support/bank';

@Aggregate({ category: 'account', snapshot: { every: 2 } })
class SnapshottedAccount extends BankAccount {}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('historic state: an aggregate as of a version or a moment', () => {
  it.each([
    ['without snapshots', BankAccount],
    ['with snapshots', SnapshottedAccount],
  ])('answers "what did it look like then?" (%s)', async (_, Account) => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, snapshots: new InMemorySnapshotStore(), aggregates: [Account] });
    const before = new Date();
    await tick();
    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    await app.dispatch(Deposit({ accountId: 'a1', amount: 10 }));
    await tick();
    const afterTen = new Date();
    await tick();
    for (const amount of [20, 30, 40]) await app.dispatch(Deposit({ accountId: 'a1', amount }));

    expect((await app.load(Account, 'a1', { version: 3 }))?.balance).toBe(30);
    expect((await app.load(Account, 'a1', { version: 1 }))?.balance).toBe(0);
    expect(await app.load(Account, 'a1', { at: afterTen })).toMatchObject({ balance: 10, version: 2 });
    expect(await app.load(Account, 'a1', { at: before })).toBeNull();
    expect((await app.load(Account, 'a1'))?.balance).toBe(100);
    expect(await app.load(Account, 'nobody')).toBeNull();
    await expect(app.load(Account, 'a1', { at: new Date('not a date') })).rejects.toThrow(/asOf\.at/);
    await expect(app.load(Account, 'a1', { version: -1 })).rejects.toThrow(/asOf\.version/);
  });

  it('returns a read-only copy that neither emits nor touches the cached aggregate', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    await app.dispatch(Deposit({ accountId: 'a1', amount: 10 }));

    const past = (await app.load(BankAccount, 'a1', { version: 1 }))!;
    expect(() => past.deposit({ accountId: 'a1', amount: 1 })).toThrow(ConfigurationError);
    past.balance = 1_000_000;

    await app.dispatch(Deposit({ accountId: 'a1', amount: 5 }));
    expect((await app.load(BankAccount, 'a1'))?.balance).toBe(15);
    expect(await store.streamVersion('account-a1')).toBe(3);
  });
});
