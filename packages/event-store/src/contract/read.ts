import type { GlobalPosition, StartPosition } from './position';
import type { StartMarker } from './start-marker';
import type { StreamPartition } from './stream-partition';

export type ReadDirection = 'forward' | 'backward';

export interface ReadStreamOptions {
  /** Defaults to `'forward'`. */
  direction?: ReadDirection;
  /**
   * The first version to return (inclusive). Forward defaults to 1, backward to the stream's
   * last version.
   */
  fromVersion?: number;
  /** The most events to return; unlimited when omitted. */
  limit?: number;
}

/** Which events of the global log a reader wants; done by the store, not by the reader. */
export interface EventFilter {
  /** Only these event types. */
  types?: readonly string[];
  /** Only streams of these categories (the part of the stream id before the first '-'). */
  categories?: readonly string[];
  /**
   * Only events of streams in this partition (`partitionOf(streamId, count) === index`): what one
   * partition of a subscriber partitioned by stream reads, in place of the whole log. Each event
   * is in exactly one partition of a count.
   */
  partition?: StreamPartition;
}

export interface ReadAllOptions {
  /** Return events strictly after this position; from the first event when omitted. */
  after?: GlobalPosition;
  /** Return events up to and including this position: the log as of that point. To the head when omitted. */
  upTo?: GlobalPosition;
  /**
   * Return only events whose `occurredAt` is before this moment (exclusive), still in log order:
   * the log as of that time. Times are the store's own (on Postgres, the database server's).
   */
  occurredBefore?: Date;
  /**
   * Return only events whose `occurredAt` is at or after this moment (inclusive), still in log
   * order: with `occurredBefore`, a time window. A filter, like `occurredBefore`.
   */
  occurredFrom?: Date;
  /**
   * `'backward'`: the events a forward read with the same bounds and filter would return, newest
   * first; `limit` then keeps the newest of them. Pages back through the log with `upTo` set to
   * the oldest event read so far (it comes first again: skip it), and stays fast on a long log.
   * Defaults to `'forward'`.
   */
  direction?: ReadDirection;
  /** The most events to return; unlimited when omitted. */
  limit?: number;
  filter?: EventFilter;
  /**
   * Leave out every event that had committed when this marker was taken (`store.startMarker()`):
   * what a hot subscriber reads, so that history never reaches it even when the marker's
   * position could not yet include everything committed.
   */
  startedAt?: StartMarker;
}

export interface SubscribeOptions {
  /**
   * `'origin'` (every event), `'head'` (only events appended after subscribing), or a position
   * (events strictly after it, as a checkpoint would resume). Defaults to `'origin'`.
   */
  from?: StartPosition;
  filter?: EventFilter;
  /**
   * With `from` a position: leave out the events that had committed when this marker was taken
   * (a hot subscriber resuming after its checkpoint). `from: 'head'` takes a marker itself.
   */
  startedAt?: StartMarker;
  /** How many events one catch-up read fetches while behind. */
  batchSize?: number;
}
