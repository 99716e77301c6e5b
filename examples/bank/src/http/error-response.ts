// How a failure becomes an HTTP answer. Every body carries a stable `code` clients can match on.
import { DomainError, ValidationError } from '@factum/core';

export interface ErrorResponse {
  status: number;
  body: { code: string; message: string; issues?: unknown; details?: unknown };
}

/** Refusals that say "this already exists"; the other domain refusals are broken business rules. */
const CONFLICTS = new Set(['AccountAlreadyOpen', 'TransferExists']);
const NOT_FOUND = new Set(['AccountNotFound']);

export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof ValidationError) {
    return { status: 400, body: { code: error.code, message: error.message, issues: error.issues } };
  }
  if (error instanceof DomainError) {
    const status = NOT_FOUND.has(error.code) ? 404 : CONFLICTS.has(error.code) ? 409 : 422;
    return { status, body: { code: error.code, message: error.message, details: error.details } };
  }
  // Errors fastify raised itself (malformed JSON, a body too large...) keep their client status.
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const { code, message } = error as { code?: string; message?: string };
    return { status: statusCode, body: { code: code ?? 'BAD_REQUEST', message: message ?? 'bad request' } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'the server failed; the error is in its log' } };
}

export function notFound(what: string): ErrorResponse {
  return { status: 404, body: { code: 'NOT_FOUND', message: `${what} does not exist` } };
}
