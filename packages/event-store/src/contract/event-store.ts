import type { Observable } from 'rxjs';
import type { AppendOptions, AppendResult } from './append';
import type { NewEvent, RecordedEvent } from './events';
import type { GlobalPosition } from './position';
import type { ReadAllOptions, ReadStreamOptions, SubscribeOptions } from './read';
import type { StartMarker } from './start-marker';
import type { ReadCorrelatedOptions } from './causation';
import type { ListStreamsOptions, StreamInfo } from './stream-listing';

/**
 * The contract every Factum store implements. `eventStoreConformance()` is the executable form
 * of the promises written here; a store that passes it can be plugged into any Factum app.
 */
export interface EventStore {
  /**
   * Appends events to one stream, atomically: all of them or none. Throws
   * `WrongExpectedVersionError` when the stream is not at the expected version,
   * `DuplicateEventError` when an event id is already stored, `StreamDeletedError` for a deleted
   * stream and `InvalidInputError` for input no store could keep. A failed append stores nothing.
   */
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;

  /**
   * Optional, for a store that appends without any I/O (an in-memory one): `append`, done before
   * it returns. Returns the result, throws what `append` would reject with, or returns `undefined`
   * to decline, having done nothing (the caller then calls `append`). Command dispatch uses it to
   * run a command on such a store without waiting for a promise. A store whose `append` does more
   * (a subclass that overrides it, to count or to fail appends) must decline, so that every
   * append goes through `append`.
   */
  appendImmediately?(streamId: string, events: readonly NewEvent[], options?: AppendOptions): AppendResult | undefined;

  /**
   * Reads one stream in version order, lazily: implementations fetch in pages, so a long stream
   * is never held in memory at once. A stream that does not exist reads as empty; a deleted one
   * throws `StreamDeletedError`.
   */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;

  /**
   * Reads the global log in order, lazily. Only events whose order is final are returned: an
   * event that has not committed yet, or that could still be preceded by one that has not, is
   * held back until it is safe, so a reader that checkpoints what it read never skips one.
   * `after` must be a position this store produced (`InvalidInputError` otherwise).
   */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;

  /**
   * Every event of the global log from a starting point, in order, each exactly once: catches
   * up in batches, then is pushed new events as appends commit. The subscription ends when the
   * subscriber unsubscribes or the store is closed.
   */
  subscribe(options?: SubscribeOptions): Observable<RecordedEvent>;

  /** The position of the last event a `readAll` would return now; `null` for an empty log. */
  headPosition(): Promise<GlobalPosition | null>;

  /**
   * Marks "now" for a hot subscriber: `readAll({ after: marker.position, startedAt: marker })`
   * returns exactly the events that had not committed when the marker was taken, however long
   * an older append stays open. Optional: a store without it must have a readable head that is
   * always everything committed (then `headPosition()` is the marker); `startMarkerOf(store)`
   * picks the right one.
   */
  startMarker?(): Promise<StartMarker>;

  /**
   * Whether reads with `startedAt: marker` leave out the event at `position` (it had committed
   * when the marker was taken). Lets a reader that reads without the marker (Factum's shared
   * log reader) hand a hot subscriber exactly what its own reads would. Optional: without it,
   * a marker with a `committed` part is only honoured by reading with it; a marker without one
   * leaves out exactly the events at or before its position.
   */
  excludedByMarker?(position: GlobalPosition, marker: StartMarker): boolean;

  /** The current version of a stream: 0 when it does not exist. Throws `StreamDeletedError` if deleted. */
  streamVersion(streamId: string): Promise<number>;

  /**
   * Closes a stream for good (soft delete): reads and appends are refused from now on, its
   * events stay in the global log. Throws `StreamNotFoundError` for a stream that does not exist.
   */
  deleteStream(streamId: string, options?: { reason?: string }): Promise<void>;

  /**
   * The streams, in stream-id order (by code point, `compareStreamIds`), lazily, each with its
   * version and the time of its last event; deleted streams only with `includeDeleted`.
   * Optional: stores written before it keep working; the `stream-listing` cases need it.
   */
  listStreams?(options?: ListStreamsOptions): AsyncIterable<StreamInfo>;

  /**
   * Every event of one conversation (`correlationId`), in log order, lazily: the tree of effects
   * of the message that started it (see `causationTree`). Optional, like `listStreams`.
   */
  readCorrelated?(correlationId: string, options?: ReadCorrelatedOptions): AsyncIterable<RecordedEvent>;

  /**
   * The chain of causes of an event: the event whose id is its `causationId`, and that one's,
   * up to the first event of the chain, returned first cause first and the event itself last.
   * The first event's `causationId` names what started it (in Factum, the first command). An
   * unknown event id gives `[]`. Optional, like `listStreams`.
   */
  readCausationChain?(eventId: string): Promise<RecordedEvent[]>;

  /** Orders two positions this store produced. */
  comparePositions(a: GlobalPosition, b: GlobalPosition): number;

  /**
   * Releases connections and ends every subscription. Afterwards every call rejects (a new
   * subscription errors) with `StoreClosedError`; closing again does nothing.
   */
  close(): Promise<void>;
}
