import type { StartPosition } from '@factum/event-store';
import { injectable, type ServiceIdentifier } from 'inversify';
import { declareSubscriber } from '../subscriptions/subscriber-metadata';
import type { SubscriberClass } from '../subscriptions/subscriber-class';
import type { SubscriberOptions } from '../subscriptions/subscriber-options';
import type { IntegrationBroker } from './integration-broker';

export interface IntegrationPublisherOptions extends SubscriberOptions {
  /** Where a new publisher begins: `'head'` (default: only events from its first start on), `'origin'` or a position. */
  startFrom?: StartPosition;
  /** The broker, by its service identifier in the app's container. Default `INTEGRATION_BROKER`. */
  broker?: ServiceIdentifier<IntegrationBroker>;
  /** Messages sent and not yet acknowledged, at most; sending waits beyond it. Default 1,000. */
  maxInFlight?: number;
}

const INTEGRATION = Symbol('factum:integration-publisher');

/**
 * Marks a class that publishes events to another system through a broker. Each `@On(Event)`
 * method maps an event to an `OutgoingMessage` (or `null` to publish nothing); the publisher is
 * an event handler with its own checkpoint, which moves only past events whose messages the
 * broker has acknowledged. List it in `createApp({ eventHandlers })`.
 */
export function IntegrationPublisher(options: IntegrationPublisherOptions): <C extends SubscriberClass>(target: C) => void {
  return (target) => {
    declareSubscriber(target, { kind: 'event-handler', options });
    Reflect.defineMetadata(INTEGRATION, options, target);
    injectable()(target);
  };
}

/** The options of an `@IntegrationPublisher` class, `undefined` for any other class. */
export function integrationPublisherOptionsOf(type: object): IntegrationPublisherOptions | undefined {
  return Reflect.getOwnMetadata(INTEGRATION, type) as IntegrationPublisherOptions | undefined;
}
