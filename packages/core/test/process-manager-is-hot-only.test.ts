import { InMemoryEventStore, InMemorySubscriberStore } from '@factum/event-store';
import { createApp } from '@factum/core';
import { eventually } from './support/subscriber-fixtures';
import { Account, OpenAccount, RequestTransfer, Transfer, TransferProcess } from './support/transfer-domain';

async function count(store: InMemoryEventStore, type: string): Promise<number> {
  let n = 0;
  for await (const _ of store.readAll({ filter: { types: [type] } })) n++;
  return n;
}

const bigBank = async (store: InMemoryEventStore) => {
  const app = await createApp({ store, aggregates: [Account, Transfer] }); // no process manager yet
  await app.dispatch(OpenAccount({ accountId: 'a', balance: 1_000_000 }));
  await app.dispatch(OpenAccount({ accountId: 'b', balance: 0 }));
  return app;
};

it('a process manager started after 1,000 events handles none of them, then new ones, then those that arrived while it was down', async () => {
  const store = new InMemoryEventStore();
  const subscriberStore = new InMemorySubscriberStore();
  const before = await bigBank(store);
  for (let i = 0; i < 1_000; i++) await before.dispatch(RequestTransfer({ transferId: `old-${i}`, from: 'a', to: 'b', amount: 1 }));

  const make = () => createApp({ store, aggregates: [Account, Transfer], processManagers: [TransferProcess], subscriptions: { store: subscriberStore } });
  const first = await make();
  await first.start();
  await eventually(async () => (await first.subscribers.status())[0]!.state === 'live', 'live');
  await first.dispatch(RequestTransfer({ transferId: 'new-1', from: 'a', to: 'b', amount: 5 }));
  await eventually(async () => (await count(store, 'TransferCompleted')) === 1, 'the new transfer completes');
  const process = first.container.get(TransferProcess);
  expect(process.handled.filter((h) => h.includes('old-'))).toEqual([]);
  expect(await count(store, 'TransferDebited')).toBe(1);
  await first.stop();

  // While it is down, two more transfers are requested.
  await before.dispatch(RequestTransfer({ transferId: 'down-1', from: 'a', to: 'b', amount: 1 }));
  await before.dispatch(RequestTransfer({ transferId: 'down-2', from: 'a', to: 'b', amount: 1 }));

  const second = await make();
  await second.start();
  await eventually(async () => (await count(store, 'TransferCompleted')) === 3, 'both handled after the restart');
  const restarted = second.container.get(TransferProcess);
  expect(restarted.handled.filter((h) => h.startsWith('requested:'))).toEqual(['requested:down-1', 'requested:down-2']);
  expect(await count(store, 'TransferDebited')).toBe(3);
  expect((await second.load(Account, 'b'))!.balance).toBe(5 + 2); // the old transfers were never run
  await second.stop();
});
