import { DuplicateEventError, StreamDeletedError, WrongExpectedVersionError, type ExpectedVersion, type ValidatedEvent } from '@factum/event-store';
import { databaseError } from '../client/database-error';
import { AppendAfterWriteError, StreamOrderConflictError } from '../errors/postgres-errors';

const DUPLICATE_KEY = /^Key \(event_id\)=\(([\s\S]*)\) already exists\.$/;

/**
 * Turns what the database said about a refused append into the contract's typed error; `null`
 * when the error is not one an append is expected to produce. The two strings mark refusals
 * whose details the database did not give (the caller looks them up).
 */
export function appendError(
  error: unknown,
  input: { streamId: string; expectedVersion: ExpectedVersion; events: readonly ValidatedEvent[] },
):
  | WrongExpectedVersionError
  | StreamDeletedError
  | StreamOrderConflictError
  | AppendAfterWriteError
  | DuplicateEventError
  | 'duplicate-unnamed'
  | 'version-conflict'
  | null {
  const { code, detail, constraint } = databaseError(error);
  switch (code) {
    case 'FX001':
      return new WrongExpectedVersionError(input.streamId, input.expectedVersion, Number(detail));
    case 'FX002':
      return new StreamDeletedError(input.streamId);
    case 'FX003':
      return new StreamOrderConflictError(input.streamId, { cause: error });
    case 'FX005':
      return new AppendAfterWriteError(input.streamId, { cause: error });
    case '23505':
      if (constraint === 'events_event_id_key') {
        const reported = detail ? DUPLICATE_KEY.exec(detail)?.[1] : undefined;
        const known = input.events.find((event) => event.eventId === reported)?.eventId;
        return known ? new DuplicateEventError(input.streamId, known) : 'duplicate-unnamed';
      }
      // The stream row lock makes this unreachable in practice; a conflict is a conflict still.
      if (constraint === 'events_stream_version_key') return 'version-conflict';
      return null;
    default:
      return null;
  }
}
