// docs/integration.md quotes these snippets: here they run, against the NATS server.
import { InMemoryEventStore, INTEGRATION_HEADERS } from '@factum/core';
import { jetstreamManager } from '@nats-io/jetstream';
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DEAD_LETTER_HEADERS, NatsPublisher } from '@factum/nats';
import { createApp, INTEGRATION_BROKER, silentLogger } from '@factum/core';
import { Container } from 'inversify';
import { startNotifications } from '../../../docs/snippets/integration-consumer';
import { partitionedOrdersToNats, startShop } from '../../../docs/snippets/integration-publisher';
import { connectNats, deleteStreams, NATS_URL, uniqueName } from './support/nats-server';

describe('docs/integration.md: the shop publishes, the notifications service consumes (NATS)', () => {
  let nats: NatsConnection;
  const options = { servers: NATS_URL, stream: uniqueName('SHOP'), prefix: uniqueName('shop') };

  beforeAll(async () => {
    nats = await connectNats();
  });
  afterAll(async () => {
    await deleteStreams(nats, [options.stream, `${options.stream}_DEAD`, `${options.stream}_PARTS`]);
    await nats.close();
  });

  it('relays shipped orders without the internal note, notifies each customer once, and dead-letters the refused one', async () => {
    const shopStore = new InMemoryEventStore();
    const shop = await startShop(shopStore, options);
    const notificationsStore = new InMemoryEventStore();
    const notifications = await startNotifications(notificationsStore, options);
    try {
      const shipped = [
        { orderId: 'o1', carrier: 'DHL' },
        { orderId: 'o2', carrier: '' },
        { orderId: 'o3', carrier: 'UPS' },
      ];
      for (const order of shipped) await shopStore.append(`order-${order.orderId}`, [{ type: 'OrderShipped', data: { ...order, internalNote: 'fragile' } }]);

      const js = jetstream(nats);
      const dead = await js.consumers.get(`${options.stream}_DEAD`, { deliver_policy: DeliverPolicy.All });
      const deadLetter = await dead.next({ expires: 10_000 });
      expect(deadLetter?.json()).toEqual({ orderId: 'o2', carrier: '' });
      expect(deadLetter?.headers?.get(DEAD_LETTER_HEADERS.errorCode)).toBe('NoCarrier');

      const deadline = Date.now() + 10_000;
      const notified = async () => {
        const events = [];
        for await (const event of notificationsStore.readAll()) events.push(event);
        return events;
      };
      while ((await notified()).length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const events = await notified();
      expect(events.map((event) => [event.streamId, event.data])).toEqual([
        ['notification-o1', { orderId: 'o1', carrier: 'DHL' }],
        ['notification-o3', { orderId: 'o3', carrier: 'UPS' }],
      ]);
      // The notification's causation is the shop's event: the conversation spans both services.
      const published = await js.consumers.get(options.stream, { deliver_policy: DeliverPolicy.All });
      const first = await published.next({ expires: 5_000 });
      expect(first?.json()).toEqual({ orderId: 'o1', carrier: 'DHL' });
      expect(events[0]!.causationId).toBe(first?.headers?.get(INTEGRATION_HEADERS.eventId));
    } finally {
      await notifications.stop();
      await shop.stop();
    }
  });

  it('publishes in four partitions, each order stream in order, every order once', async () => {
    const prefix = `${options.prefix}_parts`;
    const publisher = await NatsPublisher.create({ connection: nats, stream: { name: `${options.stream}_PARTS`, subjects: [`${prefix}.>`] } });
    const container = new Container();
    container.bind(INTEGRATION_BROKER).toConstantValue(publisher);
    const store = new InMemoryEventStore();
    const app = await createApp({ store, container, eventHandlers: [partitionedOrdersToNats(prefix)], logger: silentLogger });
    for (let n = 0; n < 60; n++)
      await store.append(`order-${n % 6}`, [{ type: 'OrderShipped', data: { orderId: `o${n % 6}`, carrier: `c${n}`, internalNote: '' } }]);
    await app.start();
    const manager = await jetstreamManager(nats);
    const deadline = Date.now() + 10_000;
    while ((await manager.streams.info(`${options.stream}_PARTS`)).state.messages < 60 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await app.stop();
    publisher.close();
    expect((await app.subscribers.status()).map((status) => status.name)).toEqual(Array.from({ length: 4 }, (_, i) => `orders-to-nats-partitioned#${i}`));
    const consumer = await jetstream(nats).consumers.get(`${options.stream}_PARTS`, { deliver_policy: DeliverPolicy.All });
    const carriers = new Map<string, number[]>();
    for await (const message of await consumer.consume()) {
      const { orderId, carrier } = message.json<{ orderId: string; carrier: string }>();
      carriers.set(orderId, [...(carriers.get(orderId) ?? []), Number(carrier.slice(1))]);
      if (message.info.pending === 0) break;
    }
    for (let order = 0; order < 6; order++) expect(carriers.get(`o${order}`)).toEqual(Array.from({ length: 10 }, (_, i) => order + 6 * i));
  });
});
