import { FactumError, StoreUnavailableError } from '@factum/event-store';
import { DatabaseQueryError } from '../errors/postgres-errors';
import { databaseError } from './database-error';
import { isConnectionError } from './transient-errors';

const NOT_SENT = Symbol('factum.notSent');

/** Marks an error raised before a statement reached the database (no connection could be had). */
export function markNotSent(error: unknown): unknown {
  if (typeof error === 'object' && error !== null) Object.defineProperty(error, NOT_SENT, { value: true });
  return error;
}

function wasNotSent(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[NOT_SENT] === true;
}

export interface FailureContext {
  /** The operation wrote (an append, a delete): its outcome is reported. */
  write?: boolean;
  /** For an append: the ids of its events, to check after an `unknown` outcome. */
  eventIds?: readonly string[];
}

/**
 * What a store operation throws when the driver failed: never a driver error class. A lost or
 * refused connection is `StoreUnavailableError` (retryable; for a write, whether it may have
 * committed); anything else the database said is `DatabaseQueryError` with its SQLSTATE.
 */
export function storeFailure(error: unknown, operation: string, context: FailureContext = {}): FactumError {
  if (error instanceof FactumError) return error;
  if (isConnectionError(error)) {
    const outcome = !context.write && !context.eventIds ? 'read' : wasNotSent(error) ? 'not-committed' : 'unknown';
    return new StoreUnavailableError(operation, outcome, context.eventIds ?? [], { cause: error });
  }
  return new DatabaseQueryError(operation, databaseError(error), { cause: error });
}
