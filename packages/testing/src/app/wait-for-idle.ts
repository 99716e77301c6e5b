import type { App, SubscriberStatus } from '@factum/core';
import { FactumError } from '@factum/event-store';
import { ExpectationError } from '../expectations/expectation-error';

export interface WaitOptions {
  /** How long to wait before failing. Default 5,000 ms. */
  timeoutMs?: number;
  /** Gives up (rejecting with the signal's reason) once aborted. */
  signal?: AbortSignal;
}

const POLL_MS = 2;

export const DEFAULT_WAIT_MS = 5_000;

/** A subscriber halted by its error policy: waiting longer would never help. */
export function stoppedError(status: SubscriberStatus): FactumError {
  const reason = status.lastError ? `${status.lastError.code ?? 'error'}: ${status.lastError.message}` : 'no error recorded';
  return new ExpectationError(`Subscriber '${status.name}' stopped at a failing event (${reason}); fix the handler, the app will not become idle.`);
}

/**
 * Resolves once every subscriber has handled every event it reads. The head is read before and
 * after the status: an event appended while the status was gathered (a process manager's
 * command, say) could otherwise hide behind a subscriber whose lag was counted before it.
 */
export async function waitForIdle(app: App, options: WaitOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  const deadline = Date.now() + timeoutMs;
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
