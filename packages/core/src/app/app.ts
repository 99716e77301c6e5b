import type { EventStore, RecordedEvent } from '@factum/event-store';
import type { Container } from 'inversify';
import type { Observable } from 'rxjs';
import type { AggregateClass } from '../aggregates/aggregate.decorator';
import type { LoadAsOfOptions } from '../aggregates/aggregate-loader';
import type { AggregateRoot } from '../aggregates/aggregate-root';
import type { DispatchOptions, DispatchResult } from '../commands/dispatch-options';
import type { Logger } from '../logging/logger';
import type { Command } from '../messages/message';
import type { MessageRegistry } from '../messages/message-registry';
import type { Projections, Subscribers } from '../subscriptions/app-subscriptions';

/** A Factum application: what `createApp` returns. */
export interface App {
  /**
   * Validates the command, runs the middleware, lets its aggregate decide, and resolves once the
   * events are committed. Rejects with `ValidationError`, `UnknownCommandError`, the handler's
   * `DomainError` or `ConcurrencyError`; in every one of those cases nothing was appended.
   */
  dispatch(command: Command, options?: DispatchOptions): Promise<DispatchResult>;
  /**
   * A read-only copy of an aggregate, now or as it was at a version or moment (`{ at: new Date(...) }`):
   * the audit question. Never cached; null when the stream had no events by then.
   */
  load<A extends AggregateRoot>(aggregate: AggregateClass<A>, id: string, asOf?: LoadAsOfOptions): Promise<A | null>;
  /** Starts what runs in the background (the live feed, subscribers). */
  start(): Promise<void>;
  /** Stops it again; the store stays open (it is yours to close). */
  stop(): Promise<void>;
  /** Every event committed to the store while the app is started, in log order. */
  readonly events$: Observable<RecordedEvent>;
  /** The container aggregates (and handlers) are resolved from. */
  readonly container: Container;
  /** Every command and event definition the app knows, with decoding (upcasting) of stored events. */
  readonly messages: MessageRegistry;
  readonly store: EventStore;
  readonly logger: Logger;
  /** Rebuilds and status of the projectors. */
  readonly projections: Projections;
  /** Status, errors, restarts and dead letters of every projector, event handler and process manager. */
  readonly subscribers: Subscribers;
}
