import type { RecordedEvent } from '@factum/event-store';

/** Bounded exponential backoff for a failing handler: delays of initial, initial·factor, ... capped at max. */
export interface RetryOptions {
  /** Tries per event before the error policy decides; 1 = no retry. Default 5. */
  maxAttempts?: number;
  /** Default 100 ms. */
  initialDelayMs?: number;
  /** Default 5,000 ms. */
  maxDelayMs?: number;
  /** Default 2. */
  factor?: number;
}

/** What happens to an event whose handler still fails after its retries. */
export type ErrorDecision = 'stop' | 'skip' | 'retry';

/** A failure handed to a custom error policy. */
export interface HandlerFailure {
  subscriber: string;
  event: RecordedEvent;
  error: unknown;
  /** How many times the handler has been tried for this event. */
  attempts: number;
}

/**
 * - `'stop'` (default): halt the subscriber at that event; it shows as `stopped` in status, the
 *   error is on `errors$`, and `restart(name)` tries again (e.g. after a fix).
 * - `'skip'`: record the event and error as a dead letter and go on with the next event.
 * - a function: decide per failure; `'retry'` tries again after the longest backoff delay.
 */
export type ErrorPolicy = 'stop' | 'skip' | ((failure: HandlerFailure) => ErrorDecision | Promise<ErrorDecision>);

export const DEFAULT_RETRY: Required<RetryOptions> = { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 5_000, factor: 2 };

export function resolveRetry(options: RetryOptions | undefined): Required<RetryOptions> {
  const retry = { ...DEFAULT_RETRY, ...options };
  retry.maxAttempts = Math.max(1, Math.floor(retry.maxAttempts));
  return retry;
}

/** The wait before attempt `attempts + 1`, after `attempts` failures. */
export function backoffDelay(retry: Required<RetryOptions>, attempts: number): number {
  return Math.min(retry.maxDelayMs, retry.initialDelayMs * retry.factor ** Math.max(0, attempts - 1));
}
