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
  /** Defaults to `'any'`. */
  expectedVersion?: ExpectedVersion;
}

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append: the version of the last event appended. */
  version: number;
  /** The global position of the last event appended. */
  position: GlobalPosition;
  events: RecordedEvent[];
}
