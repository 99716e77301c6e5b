import type { Container } from 'inversify';
import { ConfigurationError } from '../errors/configuration-error';
import type { SubscriberModel } from '../subscriptions/subscriber-model';
import type { SubscriberSpec } from '../subscriptions/subscriber-spec';
import { INTEGRATION_BROKER, type IntegrationBroker } from './integration-broker';
import { integrationPublisherOptionsOf } from './integration-publisher.decorator';
import { integrationPublisherSpec } from './integration-publisher-spec';

/** The runtime spec of an `@IntegrationPublisher` class (or of one of its partitions) with its broker from the container; `undefined` for other subscribers. */
export function integrationPublisherSpecOf(
  model: SubscriberModel,
  instance: object,
  container: Container,
  partition: { index: number; count: number } | null,
): SubscriberSpec | undefined {
  const options = integrationPublisherOptionsOf(model.type);
  if (!options) return undefined;
  const identifier = options.broker ?? INTEGRATION_BROKER;
  let broker: IntegrationBroker;
  try {
    broker = container.get<IntegrationBroker>(identifier);
  } catch (error) {
    throw new ConfigurationError(
      `@IntegrationPublisher '${model.name}' found no broker bound to ${String(identifier)} in the app's container; ` +
        'bind one, e.g. container.bind(INTEGRATION_BROKER).toConstantValue(await NatsPublisher.connect(...)).',
      { cause: error },
    );
  }
  return integrationPublisherSpec(model, instance, broker, partition);
}
