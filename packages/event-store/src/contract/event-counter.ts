import type { GlobalPosition } from './position';
import type { EventFilter } from './read';
import type { StartMarker } from './start-marker';

export interface CountEventsOptions {
  /** Count events strictly after this position; from the first event when omitted. */
  after?: GlobalPosition;
  /** Count events up to and including this position; to the head when omitted. */
  upTo?: GlobalPosition;
  filter?: EventFilter;
  /** Leave out the events a reader with this start marker never reads (see `ReadAllOptions.startedAt`). */
  startedAt?: StartMarker;
  /**
   * Stop counting at this many: the answer is at most `limit`, and the store reads no more than
   * that (a lag on a huge log costs what the cap costs, not what the log costs).
   */
  limit?: number;
}

/**
 * An optional capability of a store: counting log events without reading them, for lag and
 * rebuild progress. Subscribers fall back to reading through `readAll` when a store lacks it.
 */
export interface EventCounter {
  countEvents(options?: CountEventsOptions): Promise<number>;
}

export function canCountEvents(store: object): store is EventCounter {
  return typeof (store as Partial<EventCounter>).countEvents === 'function';
}
