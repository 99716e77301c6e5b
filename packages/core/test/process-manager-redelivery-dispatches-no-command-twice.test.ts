import { InMemoryEventStore, InMemorySubscriberStore, type SubscriberSession } from '@factum/event-store';
import { createApp, processCommandId } from '@factum/core';
import { eventually } from './support/subscriber-fixtures';
import { Account, OpenAccount, RequestTransfer, Transfer, TransferProcess } from './support/transfer-domain';

/** Fails the first unit of work that saves process state: as if the process died before committing it. */
class CrashOnceBeforeCommit extends InMemorySubscriberStore {
  crashed = 0;
  override async transaction<T>(work: (session: SubscriberSession<undefined>) => Promise<T>): Promise<T> {
    return super.transaction(async (session) => {
      const result = await work(session);
      if (this.crashed === 0 && (await session.processStates.list('transfers')).length > 0) {
        this.crashed++;
        throw new Error('crash before commit');
      }
      return result;
    });
  }
}

it('an event delivered again after a crash does not execute its commands twice', async () => {
  const store = new InMemoryEventStore();
  const subscriberStore = new CrashOnceBeforeCommit();
  const app = await createApp({
    store,
    aggregates: [Account, Transfer],
    processManagers: [TransferProcess],
    subscriptions: { store: subscriberStore, restartDelayMs: 1 },
  });
  await app.dispatch(OpenAccount({ accountId: 'a', balance: 100 }));
  await app.dispatch(OpenAccount({ accountId: 'b', balance: 0 }));
  await app.start();
  await eventually(async () => (await app.subscribers.status())[0]!.state === 'live', 'live');
  const requested = await app.dispatch(RequestTransfer({ transferId: 't1', from: 'a', to: 'b', amount: 40 }));

  await eventually(async () => {
    let completed = 0;
    for await (const _ of store.readAll({ filter: { types: ['TransferCompleted'] } })) completed++;
    return completed === 1;
  }, 'transfer completed');
  expect(subscriberStore.crashed).toBe(1);
  const process = app.container.get(TransferProcess);
  // The requested event was handled twice (delivered again after the failed commit)...
  expect(process.handled.filter((h) => h === 'requested:t1')).toHaveLength(2);
  // ...but the withdrawal it caused was executed once: same command id, idempotent dispatch.
  let debits = 0;
  for await (const event of store.readAll({ filter: { types: ['TransferDebited'] } })) {
    debits++;
    expect(event.metadata.commandId).toBe(processCommandId('transfers', requested.events[0]!.eventId, 0));
  }
  expect(debits).toBe(1);
  expect((await app.load(Account, 'a'))!.balance).toBe(60);
  expect((await app.load(Account, 'b'))!.balance).toBe(40);
  await app.stop();
});
