import type { EventStore, SnapshotStore } from '@factum/event-store';
import type { Container } from 'inversify';
import type { AggregateClass } from '../aggregates/aggregate.decorator';
import type { Middleware } from '../commands/middleware';
import type { Logger } from '../logging/logger';
import type { SubscriptionsOptions } from '../subscriptions/app-subscriptions';
import type { SubscriberClass } from '../subscriptions/subscriber-class';

export interface AppOptions {
  /** Where events live. */
  store: EventStore;
  /** Where aggregates with `@Aggregate({ snapshot })` keep their snapshots. */
  snapshots?: SnapshotStore;
  /** `@Projector` classes: read models, each on its own checkpointed subscription. */
  projectors?: readonly SubscriberClass[];
  /** `@EventHandler` classes: side effects, each on its own checkpointed subscription. */
  eventHandlers?: readonly SubscriberClass[];
  /** `@ProcessManager` classes: workflows that react to new events with commands. */
  processManagers?: readonly SubscriberClass[];
  /** Where subscribers keep checkpoints and state (in memory by default), and how they run. */
  subscriptions?: SubscriptionsOptions;
  /** The `@Aggregate` classes; their `@CommandHandler`s are the app's commands. */
  aggregates?: readonly AggregateClass[];
  /** Runs around every dispatch, in this order, after validation. */
  middleware?: readonly Middleware[];
  /** Your inversify container, with the services your classes inject; a new one by default. */
  container?: Container;
  /** A pino-compatible logger. Default: warnings and errors as JSON lines on standard error (`stderrLogger`); `silentLogger` says nothing. */
  logger?: Logger;
  /** Loaded aggregates kept in memory: `{ maxAggregates }` (default 1000), or `false` for none. */
  cache?: { maxAggregates?: number } | false;
  /** When other writers move a stream under a command: how many times it is tried in all (default 3). */
  retries?: { maxAttempts?: number };
  /**
   * How many recent command ids per stream are remembered (default 100), so a repeated command
   * is answered without reading the stream. Older repeats are still recognised, by reading it.
   */
  idempotency?: { window?: number };
}

export const DEFAULT_CACHE_SIZE = 1000;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_IDEMPOTENCY_WINDOW = 100;
