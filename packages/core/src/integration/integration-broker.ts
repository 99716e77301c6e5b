import type { IntegrationMessage } from './integration-message';

/**
 * The adapter contract between an `@IntegrationPublisher` and a message broker (NATS JetStream in
 * `@factum/nats`; Kafka, RabbitMQ streams or SQS would be others).
 *
 * The publisher calls `publish` for each message in log order, with up to `maxInFlight` of them
 * unacknowledged, and moves its checkpoint only once every message before it has resolved. So:
 * - resolve only once the broker has durably taken the message (its acknowledgement), and reject
 *   otherwise: a rejection makes the publisher start over from its checkpoint, publishing again
 *   what followed it;
 * - deduplicate on `message.id` (or say in your docs that consumers must): publishing again
 *   after a crash or a lost acknowledgement is how at-least-once delivery works;
 * - keep the order of the calls; a broker that cannot refuse a gap (see `previousId`) should
 *   be used with `maxInFlight: 1` where per-stream order matters.
 */
export interface IntegrationBroker {
  publish(message: IntegrationMessage): Promise<void>;
}

/**
 * Where `@IntegrationPublisher` finds its broker in the app's container unless it names another
 * service identifier: `container.bind(INTEGRATION_BROKER).toConstantValue(broker)`.
 */
export const INTEGRATION_BROKER: unique symbol = Symbol.for('factum:integration-broker');
