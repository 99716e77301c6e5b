import { InMemoryEventStore, StoreClosedError, type AppendOptions, type AppendResult, type EventStore, type NewEvent } from '@factum/event-store';
import { createApp } from '@factum/core';
import { BankAccount, Deposit, OpenAccount } from './support/bank';
import { readAll } from './support/store-helpers';

/**
 * On a store that appends without I/O (`appendImmediately`, the in-memory store), dispatch runs a
 * command on a cached aggregate without awaiting the store. That shortcut must never go around
 * an `append` that does more: a test's store that counts or fails appends sees every one.
 */

async function openAndDeposit(store: EventStore, deposits: number): Promise<number> {
  const app = await createApp({ store, aggregates: [BankAccount] });
  await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
  for (let i = 0; i < deposits; i++) await app.dispatch(Deposit({ accountId: 'a1', amount: 1 }));
  return (await app.load(BankAccount, 'a1'))!.balance;
}

describe('dispatch appends at once only where append is the store’s own', () => {
  it('appends at once on the in-memory store', async () => {
    const store = new InMemoryEventStore();
    const immediate = jest.spyOn(store, 'appendImmediately');
    expect(await openAndDeposit(store, 5)).toBe(5);
    // Every deposit found the account cached; opening it loaded it first and took the general path.
    expect(immediate.mock.results.filter((result) => result.type === 'return' && result.value !== undefined)).toHaveLength(5);
  });

  it('calls the append of a subclass that overrides it, for every command', async () => {
    class CountingStore extends InMemoryEventStore {
      appends = 0;
      override append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
        this.appends++;
        return super.append(streamId, events, options);
      }
    }
    const store = new CountingStore();
    expect(await openAndDeposit(store, 5)).toBe(5);
    expect(store.appends).toBe(6);
    expect(await readAll(store, 'account-a1')).toHaveLength(6);
  });

  it('calls an append replaced on the instance (a spy), for every command', async () => {
    const store = new InMemoryEventStore();
    const append = jest.spyOn(store, 'append');
    expect(await openAndDeposit(store, 5)).toBe(5);
    expect(append).toHaveBeenCalledTimes(6);
  });

  it('calls append when appendImmediately declines', async () => {
    const inner = new InMemoryEventStore();
    let appends = 0;
    const store: EventStore = Object.assign(Object.create(inner) as EventStore, {
      appendImmediately: (): undefined => undefined,
      append: (streamId: string, events: readonly NewEvent[], options?: AppendOptions) => {
        appends++;
        return inner.append(streamId, events, options);
      },
    });
    expect(await openAndDeposit(store, 3)).toBe(3);
    expect(appends).toBe(4);
  });

  it('rejects with what appendImmediately throws, and frees the stream for the next command', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    await store.close();
    await expect(app.dispatch(Deposit({ accountId: 'a1', amount: 1 }))).rejects.toBeInstanceOf(StoreClosedError);
    // Had the first one kept the stream's turn, this one would wait forever.
    await expect(app.dispatch(Deposit({ accountId: 'a1', amount: 2 }))).rejects.toBeInstanceOf(StoreClosedError);
  });
});
