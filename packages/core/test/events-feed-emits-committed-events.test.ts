import { InMemoryEventStore, type RecordedEvent } from '@factum/event-store';
import { createApp } from '@factum/core';
import { firstValueFrom, take, toArray } from 'rxjs';
import { BankAccount, Deposit, OpenAccount } from './support/bank';

describe('app.events$ streams committed events while the app is started', () => {
  it('emits this app’s events and other writers’ in log order, from the moment start() resolved', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    await app.dispatch(OpenAccount({ accountId: 'old', owner: 'Old' })); // before start: not on the feed
    await app.start();
    const received = firstValueFrom(app.events$.pipe(take(3), toArray()));

    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    await store.append('elsewhere-1', [{ type: 'SomethingElse', data: {} }]);
    await app.dispatch(Deposit({ accountId: 'a1', amount: 5 }));

    const events: RecordedEvent[] = await received;
    expect(events.map((e) => `${e.streamId}:${e.type}`)).toEqual(['account-a1:AccountOpened', 'elsewhere-1:SomethingElse', 'account-a1:MoneyDeposited']);
    await app.stop();
  });

  it('stops emitting after stop(), and start() can be called again', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    const seen: string[] = [];
    const subscription = app.events$.subscribe((event) => seen.push(event.type));
    await app.start();
    await app.start(); // idempotent
    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await app.stop();
    await app.dispatch(Deposit({ accountId: 'a1', amount: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual(['AccountOpened']);

    await app.start();
    await app.dispatch(Deposit({ accountId: 'a1', amount: 2 }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual(['AccountOpened', 'MoneyDeposited']);
    subscription.unsubscribe();
    await app.stop();
  });
});
