import { InMemoryEventStore, InMemorySubscriberStore } from '@factum/event-store';
import { createApp } from '@factum/core';
import { eventually } from './support/subscriber-fixtures';
import { Account, OpenAccount, RequestTransfer, Transfer, TransferProcess } from './support/transfer-domain';

async function events(store: InMemoryEventStore, type?: string) {
  const out = [];
  for await (const event of store.readAll(type ? { filter: { types: [type] } } : {})) out.push(event);
  return out;
}

describe('a process manager', () => {
  it('runs an instance per key through several events, with commands caused by its events, and deletes it at the end', async () => {
    const store = new InMemoryEventStore();
    const subscriberStore = new InMemorySubscriberStore();
    const app = await createApp({ store, aggregates: [Account, Transfer], processManagers: [TransferProcess], subscriptions: { store: subscriberStore } });
    await app.start();
    await app.dispatch(OpenAccount({ accountId: 'a', balance: 100 }));
    await app.dispatch(OpenAccount({ accountId: 'b', balance: 0 }));
    await eventually(async () => (await app.subscribers.status())[0]!.state === 'live', 'process manager live');

    const requested = await app.dispatch(RequestTransfer({ transferId: 't1', from: 'a', to: 'b', amount: 30 }));
    await eventually(async () => (await events(store, 'TransferCompleted')).length === 1, 'transfer completed');
    expect((await app.load(Account, 'a'))!.balance).toBe(70);
    expect((await app.load(Account, 'b'))!.balance).toBe(30);

    // Causation chain: the debit was caused by the TransferRequested event, in the same conversation.
    const [debited] = await events(store, 'TransferDebited');
    const requestedEvent = requested.events[0]!;
    expect(debited!.causationId).toBe(requestedEvent.eventId);
    expect(debited!.metadata.commandCausationId).toBe(requestedEvent.eventId); // as events stored before causationId named it
    expect(requestedEvent.causationId).toBe(requested.commandId);
    expect(debited!.correlationId).toBe(requestedEvent.correlationId);
    expect(debited!.metadata).toMatchObject({ processManager: 'transfers', processKey: 't1' });
    // The hop's times: the cause was stored, then the process manager got it, then sent the command, then the debit was stored.
    const received = Date.parse(String(debited!.metadata['receivedAt']));
    const dispatched = Date.parse(String(debited!.metadata['dispatchedAt']));
    expect(requestedEvent.occurredAt.getTime()).toBeLessThanOrEqual(received);
    expect(received).toBeLessThanOrEqual(dispatched);
    expect(dispatched).toBeLessThanOrEqual(debited!.occurredAt.getTime());

    await eventually(async () => (await app.subscribers.status())[0]!.lag === 0, 'all handled');
    await eventually(async () => (await subscriberStore.processStates.list('transfers')).length === 0, 'instance deleted at the end');
    const process = app.container.get(TransferProcess);
    expect(process.handled).toEqual(['requested:t1', 'debited:t1', 'credited:t1', 'completed:t1']);
    await app.stop();
  });

  it('keeps instance state between events, per key', async () => {
    const store = new InMemoryEventStore();
    const subscriberStore = new InMemorySubscriberStore();
    const app = await createApp({ store, aggregates: [Account, Transfer], processManagers: [TransferProcess], subscriptions: { store: subscriberStore } });
    await app.dispatch(OpenAccount({ accountId: 'a', balance: 100 }));
    await app.dispatch(OpenAccount({ accountId: 'b', balance: 100 }));
    await app.start();
    await eventually(async () => (await app.subscribers.status())[0]!.state === 'live', 'live');
    await Promise.all([
      app.dispatch(RequestTransfer({ transferId: 't1', from: 'a', to: 'b', amount: 10 })),
      app.dispatch(RequestTransfer({ transferId: 't2', from: 'b', to: 'a', amount: 25 })),
      app.dispatch(RequestTransfer({ transferId: 't3', from: 'a', to: 'b', amount: 1_000 })), // refused: fails
    ]);
    await eventually(
      async () => (await events(store, 'TransferCompleted')).length === 2 && (await events(store, 'TransferFailed')).length === 1,
      'two done, one failed',
    );
    expect((await app.load(Account, 'a'))!.balance).toBe(115);
    expect((await app.load(Account, 'b'))!.balance).toBe(85);
    const [failed] = await events(store, 'TransferFailed');
    expect(failed!.data).toMatchObject({ transferId: 't3', reason: expect.stringContaining('balance 90 < 1000') });
    await app.stop();
  });
});
