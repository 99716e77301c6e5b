// Compiled by `npm run typecheck` and run by the NATS tests, so docs/integration.md stays true.
import { Aggregate, AggregateRoot, Apply, CommandHandler, createApp, defineCommand, defineEvent, DomainError, type CommandOf, type EventOf } from '@factum/core';
import type { EventStore } from '@factum/event-store';
import { ensureStream, NatsCommandConsumer } from '@factum/nats';
import { connect } from '@nats-io/transport-node';
import { z } from 'zod';

export const NotifyCustomer = defineCommand('NotifyCustomer', z.object({ orderId: z.string(), carrier: z.string() }));
export const CustomerNotified = defineEvent('CustomerNotified', z.object({ orderId: z.string(), carrier: z.string() }));

@Aggregate({ category: 'notification' })
export class Notification extends AggregateRoot {
  sent = false;

  @CommandHandler(NotifyCustomer, { id: (command) => command.orderId })
  notify(command: CommandOf<typeof NotifyCustomer>): void {
    if (command.carrier === '') throw new DomainError('NoCarrier', `order ${command.orderId} has no carrier to name`);
    this.emit(CustomerNotified(command));
  }

  @Apply(CustomerNotified)
  protected notified(_event: EventOf<typeof CustomerNotified>): void {
    this.sent = true;
  }
}

/** Another service: turns the shop's messages into its own commands, on its own store. */
export async function startNotifications(store: EventStore, options: { servers: string; stream: string; prefix: string }) {
  const connection = await connect({ servers: options.servers, maxReconnectAttempts: -1 });
  await ensureStream(connection, { name: `${options.stream}_DEAD`, subjects: [`${options.prefix}.notifications.dead`] });
  const app = await createApp({ store, aggregates: [Notification] });
  const consumer = await NatsCommandConsumer.start({
    connection,
    app,
    stream: options.stream,
    durable: 'notifications',
    filterSubject: `${options.prefix}.orders.shipped`,
    toCommand: (message) => NotifyCustomer(message.data as { orderId: string; carrier: string }),
    deadLetterSubject: `${options.prefix}.notifications.dead`,
  });
  return {
    app,
    async stop() {
      await consumer.stop();
      await connection.close();
    },
  };
}
