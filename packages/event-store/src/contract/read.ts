import type { GlobalPosition, StartPosition } from './position';

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
}

export interface ReadAllOptions {
  /** Return events strictly after this position; from the first event when omitted. */
  after?: GlobalPosition;
  /** The most events to return; unlimited when omitted. */
  limit?: number;
  filter?: EventFilter;
}

export interface SubscribeOptions {
  /**
   * `'origin'` (every event), `'head'` (only events appended after subscribing), or a position
   * (events strictly after it, as a checkpoint would resume). Defaults to `'origin'`.
   */
  from?: StartPosition;
  filter?: EventFilter;
  /** How many events one catch-up read fetches while behind. */
  batchSize?: number;
}
