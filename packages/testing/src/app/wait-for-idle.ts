import type { App, SubscriberStatus } from '@factum/core';
import { FactumError, isFactumError, type GlobalPosition } from '@factum/event-store';
import { ExpectationError } from '../expectations/expectation-error';

export interface WaitOptions {
  /** How long to wait before failing. Default 5,000 ms. */
  timeoutMs?: number;
  /** Gives up (rejecting with the signal's reason) once aborted. */
  signal?: AbortSignal;
}

export interface IdleOptions extends WaitOptions {
  /**
   * Idle only once every subscriber has handled everything it reads up to this position (say,
   * the `position` of the test's last dispatch). Without it, "idle" means caught up with what
   * is readable now, and on Postgres an event that has committed can still be held back behind
   * another open append.
   */
  after?: GlobalPosition | null;
}

const POLL_MS = 2;

export const DEFAULT_WAIT_MS = 5_000;

/** A subscriber halted by its error policy: waiting longer would never help. */
export function stoppedError(status: SubscriberStatus): FactumError {
  const reason = status.lastError ? `${status.lastError.code ?? 'error'}: ${status.lastError.message}` : 'no error recorded';
  return new ExpectationError(`Subscriber '${status.name}' stopped at a failing event (${reason}); fix the handler, the app will not become idle.`);
}

/**
 * Resolves once every subscriber has handled every event it reads (and, with `after`, every
 * event up to that position). The head is read before and after the status: an event appended
 * while the status was gathered (a process manager's command, say) could otherwise hide behind
 * a subscriber whose lag was counted before it.
 */
export async function waitForIdle(app: App, options: IdleOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  if (options.after != null) await reach(app, options.after, timeoutMs, options.signal);
  for (;;) {
    options.signal?.throwIfAborted();
    const before = await app.store.headPosition();
    const statuses = await app.subscribers.status();
    const after = await app.store.headPosition();
    const stopped = statuses.find((status) => status.state === 'stopped');
    if (stopped) throw stoppedError(stopped);
    const behind = statuses.filter((status) => status.lag !== 0 || status.state === 'retrying' || status.state === 'starting' || status.state === 'idle');
    const headMoved = before === null ? after !== null : after === null || app.store.comparePositions(before, after) !== 0;
    if (behind.length === 0 && !headMoved) return;
    if (Date.now() >= deadline) {
      const detail = behind.map((status) => `'${status.name}' (${status.state}, ${status.lag ?? 'unknown'} events behind)`).join(', ');
      throw new ExpectationError(
        `The app did not become idle within ${timeoutMs} ms: ${detail || 'events kept arriving'}. Is the app started, or a handler waiting forever?`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** `app.subscribers.waitFor`, with its failures told as this package tells them. */
async function reach(app: App, position: GlobalPosition, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await app.subscribers.waitFor(position, { timeoutMs, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (isFactumError(error, 'SUBSCRIBER_STOPPED')) {
      const stopped = (await app.subscribers.status()).find((status) => status.name === (error as { subscriber?: string }).subscriber);
      if (stopped) throw stoppedError(stopped);
    }
    if (isFactumError(error, 'CONSISTENCY_TIMEOUT')) {
      const pending = ((error as { pending?: readonly string[] }).pending ?? []).map((name) => `'${name}'`).join(', ');
      throw new ExpectationError(
        `The app did not become idle within ${timeoutMs} ms: ${pending} had not handled the events up to position ${position}. ` +
          'Is the app started, or a handler waiting forever?',
      );
    }
    throw error;
  }
}
