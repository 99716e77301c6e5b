import {
  CheckpointConflictError,
  FactumError,
  LeaseExpiredError,
  SessionEndedError,
  StoreClosedError,
  StoreUnavailableError,
  WrongExpectedVersionError,
} from '@factum/event-store';
import { ConsistencyTimeoutError, SubscriberStoppedError } from '../subscriptions/subscription-errors';
import { ConcurrencyError } from './concurrency-error';

/**
 * Codes of errors that say "not now" rather than "no": the store or its connection, a lost race,
 * a lease taken over. Trying the same thing again later may succeed. Also the codes that say the
 * command *was* stored (a strong-consistency wait that ran out): neither is a refusal.
 * The Postgres store's codes are spelled out: core does not import @factum/postgres.
 */
const NOT_REFUSALS = new Set([
  ConcurrencyError.code,
  WrongExpectedVersionError.code,
  StoreClosedError.code,
  StoreUnavailableError.code,
  LeaseExpiredError.code,
  CheckpointConflictError.code,
  SessionEndedError.code,
  ConsistencyTimeoutError.code,
  SubscriberStoppedError.code,
  'PROCESS_CONTEXT_CLOSED', // a handler that did not await ctx.dispatch: a bug to fix, not an outcome
  'STREAM_ORDER_CONFLICT', // @factum/postgres StreamOrderConflictError
  'SCHEMA_NOT_MIGRATED', // @factum/postgres SchemaNotMigratedError
  'DATABASE_QUERY_FAILED', // @factum/postgres DatabaseQueryError: the database's trouble, not the command's
  'SUBSCRIBER_LOCK_LOST', // @factum/postgres SubscriberLockLostError
]);

/**
 * Whether a failed dispatch was a refusal of the command: a business rule (`DomainError`), its
 * schema (`ValidationError`), an unknown command, input the store will never take (a stream id
 * too long, a NUL), or any other Factum error that would fail the same way every time. Nothing
 * was stored, and dispatching the same command again is pointless: a process manager must treat
 * it as an outcome and compensate. Everything else, and any error that is not a `FactumError`
 * (a dropped connection, a driver error), is an outage: rethrow it, so the runtime retries.
 */
export function isRefusal(error: unknown): error is FactumError {
  return error instanceof FactumError && !NOT_REFUSALS.has(error.code);
}
