// How a failure becomes an HTTP answer. Every body carries a stable `code` clients can match on.
// A 5xx means the server or its database failed, never that the request was wrong.
import { ConcurrencyError, DomainError, isFactumError, ValidationError } from '@factum/core';
import { InvalidInputError, StoreClosedError } from '@factum/event-store';
import { isConnectionError } from '@factum/postgres';
import { IdempotencyKeyReusedError } from './idempotency-keys';
import { RequestValidationError } from './request-validation-error';

export interface ErrorResponse {
  status: number;
  body: { code: string; message: string; issues?: unknown; details?: unknown };
}

/** Refusals that say "this already exists"; the other domain refusals are broken business rules. */
const CONFLICTS = new Set(['AccountAlreadyOpen', 'TransferExists']);
const NOT_FOUND = new Set(['AccountNotFound']);

export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof ValidationError || error instanceof RequestValidationError) {
    return { status: 400, body: { code: error.code, message: error.message, issues: error.issues } };
  }
  // The store refused the input itself (an id it cannot keep): the request was wrong, not the server.
  if (error instanceof InvalidInputError) return { status: 400, body: { code: error.code, message: error.message } };
  if (error instanceof DomainError) {
    const status = NOT_FOUND.has(error.code) ? 404 : CONFLICTS.has(error.code) ? 409 : 422;
    return { status, body: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
  }
  if (error instanceof IdempotencyKeyReusedError) return { status: 422, body: { code: error.code, message: error.message } };
  // Nothing was stored; the same request may succeed at once.
  if (error instanceof ConcurrencyError) return { status: 409, body: { code: error.code, message: error.message } };
  if (error instanceof StoreClosedError || isConnectionError(error)) {
    return { status: 503, body: { code: 'UNAVAILABLE', message: 'the database is not reachable; try again shortly' } };
  }
  // Errors fastify raised itself (malformed JSON, a body too large, a bad URL...) keep their client status.
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (!isFactumError(error) && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return {
      status: statusCode,
      body: { code: typeof code === 'string' ? code : 'BAD_REQUEST', message: typeof message === 'string' ? message : 'bad request' },
    };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'the server failed; the error is in its log' } };
}

export function notFound(what: string): ErrorResponse {
  return { status: 404, body: { code: 'NOT_FOUND', message: `${what} does not exist` } };
}
