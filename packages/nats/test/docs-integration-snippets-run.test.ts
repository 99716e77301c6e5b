// docs/integration.md quotes these snippets: here they run, against the NATS server.
import { InMemoryEventStore, INTEGRATION_HEADERS } from '@factum/core';
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DEAD_LETTER_HEADERS } from '@factum/nats';
import { startNotifications } from '../../../docs/snippets/integration-consumer';
import { startShop } from '../../../docs/snippets/integration-publisher';
import { connectNats, deleteStreams, NATS_URL, uniqueName } from './support/nats-server';

describe('docs/integration.md: the shop publishes, the notifications service consumes (NATS)', () => {
  let nats: NatsConnection;
  const options = { servers: NATS_URL, stream: uniqueName('SHOP'), prefix: uniqueName('shop') };

  beforeAll(async () => {
    nats = await connectNats();
  });
  afterAll(async () => {
    await deleteStreams(nats, [options.stream, `${options.stream}_DEAD`]);
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
});
