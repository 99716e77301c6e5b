import { InvalidInputError, StoreUnavailableError } from '@factum/event-store';

const CONNECTION_SQLSTATES = new Set([
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '08007', // connection exceptions
  '57P01',
  '57P02',
  '57P03', // admin shutdown, crash shutdown, cannot connect now (starting up)
  '53300', // too many connections
]);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const MESSAGES =
  /Connection terminated|connection error|terminating connection|Client was closed|the database system is (starting up|shutting down)|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/**
 * Whether an error means "the connection or server went away", so that an idempotent statement
 * (a read) may simply be tried again on a fresh connection: a driver's error, or the stores'
 * typed `StoreUnavailableError`.
 */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (CONNECTION_SQLSTATES.has(code) || SOCKET_CODES.has(code))) return true;
  return typeof message === 'string' && MESSAGES.test(message);
}

export interface ConnectionRetryOptions {
  /** Give up (rethrow the last error) after this long. */
  timeoutMs: number;
  /** Stop retrying when this is aborted (the store closed). */
  signal?: AbortSignal;
  onRetry?: (error: unknown, attempt: number) => void;
}

/** Runs an idempotent operation, retrying connection failures with backoff (50 ms doubling to 2 s). */
export async function retryOnConnectionError<T>(operation: () => Promise<T>, options: ConnectionRetryOptions): Promise<T> {
  if (!(options.timeoutMs >= 0)) throw new InvalidInputError('timeoutMs', `${options.timeoutMs} is not ≥ 0`);
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const delay = Math.min(2000, 50 * 2 ** (attempt - 1));
      if (!isConnectionError(error) || options.signal?.aborted || Date.now() + delay > deadline) throw error;
      options.onRetry?.(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
