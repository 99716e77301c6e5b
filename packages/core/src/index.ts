// Decorators record their metadata with reflect-metadata; load it before any decorated class.
import 'reflect-metadata';

export { FactumError, isFactumError } from '@factum/event-store';
// The in-memory store, so that a first app needs one import (the contract lives in @factum/event-store).
export { InMemoryEventStore } from '@factum/event-store';
export { ConcurrencyError } from './errors/concurrency-error';
export { ConfigurationError } from './errors/configuration-error';
export { DomainError, isDomainError } from './errors/domain-error';
export { InvalidEventError } from './errors/invalid-event-error';
export { isRefusal } from './errors/refusal';
export { UnknownCommandError } from './errors/unknown-command-error';
export { ValidationError } from './errors/validation-error';

export { defineCommand } from './messages/define-command';
export { defineEvent } from './messages/define-event';
export type { EventOptions } from './messages/define-event';
export { decodeEvent, decodeEventData } from './messages/decode-event';
export type { DecodedEvent } from './messages/decode-event';
export type {
  AnyCommandDefinition,
  AnyEventDefinition,
  Command,
  CommandDefinition,
  CommandOf,
  Event,
  EventDefinition,
  EventOf,
  MessageSchema,
  Upcaster,
} from './messages/message';
// The registry is reachable as `app.messages`; its class is not for constructing.
export type { MessageRegistry } from './messages/message-registry';
export type { MessageIssue } from './messages/schema-issues';

export { Aggregate } from './aggregates/aggregate.decorator';
export type { AggregateClass } from './aggregates/aggregate.decorator';
export type { AggregateOptions, SnapshotOptions } from './aggregates/aggregate-metadata';
export type { LoadAsOfOptions } from './aggregates/aggregate-loader';
export { AggregateRoot } from './aggregates/aggregate-root';
export { Apply } from './aggregates/apply.decorator';

export { CommandHandler } from './commands/command-handler.decorator';
export type { CommandHandlerOptions } from './commands/command-handler.decorator';
export { deterministicId } from './commands/deterministic-id';
export type { CommandContext, DispatchContext, DispatchOptions, DispatchResult, UserMetadata } from './commands/dispatch-options';
export type { Middleware } from './commands/middleware';

export type { App } from './app/app';
export type { AppOptions } from './app/app-options';
export { createApp } from './app/create-app';

export { On } from './subscriptions/on.decorator';
export { Projector } from './projections/projector.decorator';
export { EventHandler } from './subscriptions/event-handler.decorator';
export { ProcessManager } from './process-managers/process-manager.decorator';
export type { ProjectionContext } from './projections/projection-context';
export { ReplayTimeoutError } from './projections/projector-replay';
export type { ReplayOptions } from './projections/projector-replay';
export type { ProcessContext } from './process-managers/process-context';
export { processCommandId } from './process-managers/live-process-context';
export { ProcessKeyError } from './process-managers/process-key-error';
export type { OnOptions } from './subscriptions/subscriber-metadata';
export type { EventHandlerOptions, ProcessManagerOptions, ProjectorOptions, ReadModelStorage, SubscriberOptions } from './subscriptions/subscriber-options';
export type { SubscriberClass } from './subscriptions/subscriber-class';
export type { ErrorDecision, ErrorPolicy, HandlerFailure, RetryOptions } from './subscriptions/error-policy';
export type { Projections, Subscribers, SubscriptionsOptions, WaitForPositionOptions } from './subscriptions/app-subscriptions';
export type { ConsistencyOptions } from './subscriptions/consistency-options';
export type { SubscriptionSettings } from './subscriptions/runner-settings';
export type {
  RebuildProgress,
  RebuildReport,
  SubscriberError,
  SubscriberErrorInfo,
  SubscriberKind,
  SubscriberOwner,
  SubscriberState,
  SubscriberStatus,
} from './subscriptions/subscriber-status';
export type { DeadLetterRetryReport } from './subscriptions/operations/dead-letter-retry';
export {
  ConsistencyTimeoutError,
  InvalidSubscriberError,
  PartitionCountChangedError,
  RebuildRefusedError,
  SubscriberStoppedError,
  UnknownSubscriberError,
} from './subscriptions/subscription-errors';

export { IntegrationPublisher } from './integration/integration-publisher.decorator';
export type { IntegrationPublisherOptions } from './integration/integration-publisher.decorator';
export { INTEGRATION_BROKER } from './integration/integration-broker';
export type { IntegrationBroker } from './integration/integration-broker';
export type { IntegrationMessage, OutgoingMessage } from './integration/integration-message';
export { INTEGRATION_HEADERS } from './integration/integration-headers';
export { InvalidOutgoingMessageError } from './integration/invalid-outgoing-message-error';

export { createStderrLogger, silentLogger, stderrLogger } from './logging/logger';
export type { Logger, LogLevel, StderrLoggerOptions } from './logging/logger';
