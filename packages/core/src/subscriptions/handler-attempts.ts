import type { RecordedEvent } from '@factum/event-store';
import type { ErrorDecision } from './error-policy';

/** One try at an event: it went through, or the handler failed with `error` (and nothing of it is kept). */
export type Attempt = { ok: true } | { ok: false; error: unknown };

/** How an event ended: handled, to be dead-lettered (after `attempts` tries failed with `error`), or the subscriber stops at it. */
export type EventOutcome = { kind: 'handled' } | { kind: 'skip'; error: unknown; attempts: number } | { kind: 'stop' };

/**
 * The one retry loop of every runner: tries `attempt` until it goes through or `decide` (the
 * error policy, which waits out the backoff before answering `'retry'`) gives up on the event.
 */
export async function attemptUntilDecided(
  event: RecordedEvent,
  attempt: (attempts: number) => Promise<Attempt>,
  decide: (event: RecordedEvent, error: unknown, attempts: number) => Promise<ErrorDecision>,
): Promise<EventOutcome> {
  for (let attempts = 1; ; attempts++) {
    const result = await attempt(attempts);
    if (result.ok) return { kind: 'handled' };
    const decision = await decide(event, result.error, attempts);
    if (decision === 'retry') continue;
    if (decision === 'skip') return { kind: 'skip', error: result.error, attempts };
    return { kind: 'stop' };
  }
}
