import type { RecordedEvent } from './events';
import type { GlobalPosition } from './position';

/**
 * What the stream must look like for an append to go ahead.
 * - a number: the stream is at exactly this version (0 = the stream has no events)
 * - `'no-stream'`: the stream does not exist yet
 * - `'exists'`: the stream has at least one event
 * - `'any'`: no check
 */
export type ExpectedVersion = number | 'any' | 'no-stream' | 'exists';

export interface AppendOptions {
  /**
   * Defaults to `'any'`. With `acceptResends`, it applies only when the call has a new event: a
   * call whose events are all already stored succeeds whatever the stream's version.
   */
  expectedVersion?: ExpectedVersion;
  /**
   * Accept an event whose id is already stored in this stream with the same type, schema version
   * and data as already there, instead of refusing it with `DuplicateEventError` (metadata,
   * causation and correlation ids are not compared: the stored copy's are kept). An id stored in
   * another stream or with other content is still refused. Defaults to false.
   */
  acceptResends?: boolean;
}

export interface AppendResult {
  streamId: string;
  /**
   * The stream's version after the append: the version of the last event appended. When every
   * event of the call was already stored (`acceptResends`), the version of the latest of them.
   */
  version: number;
  /**
   * The global position of the last event appended. When every event of the call was already
   * stored, the position of the latest of them: waiting for `position` covers the whole call.
   */
  position: GlobalPosition;
  /** The events this call stored, in version order. */
  events: RecordedEvent[];
  /**
   * With `acceptResends`: the events of the call that were already stored, as stored (their
   * version, position, time and metadata), in the order of the call; empty when none were.
   * Absent when the append was made without `acceptResends`.
   */
  alreadyStored?: RecordedEvent[];
}
