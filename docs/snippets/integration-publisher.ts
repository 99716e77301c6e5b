// Compiled by `npm run typecheck` and run by the NATS tests, so docs/integration.md stays true.
import { createApp, defineEvent, INTEGRATION_BROKER, IntegrationPublisher, On, type DecodedEvent } from '@factum/core';
import type { EventStore } from '@factum/event-store';
import { NatsPublisher } from '@factum/nats';
import { connect } from '@nats-io/transport-node';
import { Container } from 'inversify';
import { z } from 'zod';

export const OrderShipped = defineEvent('OrderShipped', z.object({ orderId: z.string(), carrier: z.string(), internalNote: z.string() }));

/** Publishes every shipped order to `<prefix>.orders.shipped`, without the internal note. */
export function ordersToNats(prefix: string) {
  @IntegrationPublisher({ name: 'orders-to-nats', startFrom: 'origin' })
  class OrdersToNats {
    @On(OrderShipped)
    shipped(event: DecodedEvent<typeof OrderShipped>) {
      return {
        subject: `${prefix}.orders.shipped`,
        payload: { orderId: event.data.orderId, carrier: event.data.carrier },
      };
    }
  }
  return OrdersToNats;
}

/** The same relay in four partitions (by order stream): the processes running the app share them out. */
export function partitionedOrdersToNats(prefix: string) {
  @IntegrationPublisher({ name: 'orders-to-nats-partitioned', startFrom: 'origin', partitions: 4 })
  class PartitionedOrdersToNats {
    @On(OrderShipped)
    shipped(event: DecodedEvent<typeof OrderShipped>) {
      return { subject: `${prefix}.orders.shipped`, payload: { orderId: event.data.orderId, carrier: event.data.carrier } };
    }
  }
  return PartitionedOrdersToNats;
}

/** The shop's app with its relay: the stream is created when missing, checked otherwise. */
export async function startShop(store: EventStore, options: { servers: string; stream: string; prefix: string }) {
  const connection = await connect({ servers: options.servers, maxReconnectAttempts: -1 });
  const publisher = await NatsPublisher.create({
    connection,
    stream: { name: options.stream, subjects: [`${options.prefix}.orders.>`], duplicateWindowMs: 10 * 60_000 },
  });
  const container = new Container();
  container.bind(INTEGRATION_BROKER).toConstantValue(publisher);
  const app = await createApp({ store, container, eventHandlers: [ordersToNats(options.prefix)] });
  await app.start();
  return {
    app,
    async stop() {
      await app.stop();
      await connection.close();
    },
  };
}
