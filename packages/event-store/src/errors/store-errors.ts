import type { ExpectedVersion } from '../contract/append';
import { FactumError } from './factum-error';

/** The stream was not at the version the append expected. Nothing was appended. */
export class WrongExpectedVersionError extends FactumError {
  static readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The stream's version when the append was refused; 0 for a stream that does not exist. */
    readonly actual: number,
  ) {
    super(
      WrongExpectedVersionError.code,
      `Append to stream '${streamId}' expected version ${String(expected)} but the stream is at version ${actual}. ` + 'Reload the stream and decide again.',
    );
  }
}

/** The stream does not exist (or has been deleted) and the operation needs it to. */
export class StreamNotFoundError extends FactumError {
  static readonly code = 'STREAM_NOT_FOUND';
  constructor(readonly streamId: string) {
    super(StreamNotFoundError.code, `Stream '${streamId}' does not exist.`);
  }
}

/** The stream was deleted (soft delete): its events stay in the global log, but it is closed. */
export class StreamDeletedError extends FactumError {
  static readonly code = 'STREAM_DELETED';
  constructor(readonly streamId: string) {
    super(StreamDeletedError.code, `Stream '${streamId}' has been deleted; it can no longer be read or appended to.`);
  }
}

/** An event id that is already in the store was appended again. Nothing was appended. */
export class DuplicateEventError extends FactumError {
  static readonly code = 'DUPLICATE_EVENT';
  constructor(
    readonly streamId: string,
    readonly eventId: string,
  ) {
    super(DuplicateEventError.code, `Event id '${eventId}' appended to stream '${streamId}' is already stored. Event ids are unique across the store.`);
  }
}

/** Input the store refuses before touching storage: names the argument and what was wrong. */
export class InvalidInputError extends FactumError {
  static readonly code = 'INVALID_INPUT';
  constructor(
    readonly argument: string,
    readonly problem: string,
  ) {
    super(InvalidInputError.code, `Invalid ${argument}: ${problem}`);
  }
}

/** A fenced checkpoint write found a value other than the one it expected (another owner wrote it). */
export class CheckpointConflictError extends FactumError {
  static readonly code = 'CHECKPOINT_CONFLICT';
  constructor(
    readonly checkpoint: string,
    readonly expected: string | null,
    readonly actual: string | null,
  ) {
    super(
      CheckpointConflictError.code,
      `Checkpoint '${checkpoint}' was expected at ${expected ?? 'origin'} but is at ${actual ?? 'origin'}: ` + 'another process owns this subscriber now.',
    );
  }
}

/** The store was closed; create a new one to go on. */
export class StoreClosedError extends FactumError {
  static readonly code = 'STORE_CLOSED';
  constructor() {
    super(StoreClosedError.code, 'The store is closed.');
  }
}

/**
 * What a failed write did, as far as the store can tell: `not-committed` when the request never
 * reached the database (or was refused before it could commit), `unknown` when the connection
 * was lost while the database may have been committing it.
 */
export type WriteOutcome = 'not-committed' | 'unknown';

/**
 * The database could not be reached, or the connection was lost (refused, terminated, timed
 * out, server restarting). Retryable: the same call may succeed once the database is back.
 * When an append's outcome is `unknown`, look for its event ids before appending them again
 * (or append again with the same ids: a second copy is refused as a duplicate).
 */
export class StoreUnavailableError extends FactumError {
  static readonly code = 'STORE_UNAVAILABLE';
  readonly retryable = true;
  constructor(
    readonly operation: string,
    readonly outcome: WriteOutcome | 'read',
    /** For an append: the ids of the events it tried to append. */
    readonly eventIds: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(StoreUnavailableError.code, storeUnavailableMessage(operation, outcome, eventIds, options?.cause), options);
  }
}

function storeUnavailableMessage(operation: string, outcome: WriteOutcome | 'read', eventIds: readonly string[], cause: unknown): string {
  const reason = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
  const head = `The database is unavailable: ${operation} failed${reason}.`;
  if (outcome === 'read') return `${head} Nothing was changed; try again once the database is reachable.`;
  if (outcome === 'not-committed') return `${head} Nothing was written; try again once the database is reachable.`;
  const ids =
    eventIds.length > 0
      ? ` Check whether event(s) ${eventIds.slice(0, 5).join(', ')}${eventIds.length > 5 ? ', ...' : ''} are stored before acting on it;`
      : '';
  return `${head} The connection was lost while the write may have been committing, so it may or may not have been stored.${ids} appending again with the same event ids is safe (a stored copy is refused as a duplicate).`;
}
