import type { DeadLetter } from '../contract/dead-letter-store';
import type { JsonValue } from '../contract/events';
import type { SubscriberOperations } from '../contract/subscriber-operations';
import type { SubscriberStore } from '../contract/subscriber-store';
import { DeadLetterNotFoundError } from '../errors/operation-errors';

/** The subscriber's dead letter for `eventId`, or `DeadLetterNotFoundError`. */
export async function requireDeadLetter(store: SubscriberStore, name: string, eventId: string): Promise<DeadLetter> {
  const letter = (await store.deadLetters.list(name)).find((candidate) => candidate.eventId === eventId);
  if (!letter) throw new DeadLetterNotFoundError(name, eventId);
  return letter;
}

/**
 * Drops a dead letter without handling its event, and records the skip, with the letter, as a
 * finished operation (the event itself stays in the log). Needs no running process: nothing is
 * handled, and the subscriber's checkpoint is already past the event. Removes only a letter that
 * is still there: when a retry (or another skip) removed it first, the skip is recorded as failed
 * and `DeadLetterNotFoundError` is thrown.
 */
export async function skipDeadLetter(
  store: SubscriberStore,
  operations: SubscriberOperations,
  performer: string,
  name: string,
  eventId: string,
): Promise<void> {
  const letter = await requireDeadLetter(store, name, eventId);
  const operation = await operations.request({ subscriber: name, kind: 'skip-dead-letter', eventId });
  await operations.claim(operation.id, performer);
  if (!(await store.deadLetters.delete(name, eventId))) {
    const gone = new DeadLetterNotFoundError(name, eventId);
    await operations.finish(operation.id, { error: { code: gone.code, message: gone.message } });
    throw gone;
  }
  const kept = { ...letter, failedAt: letter.failedAt.toISOString() } as unknown as JsonValue;
  await operations.finish(operation.id, { result: { skipped: kept } });
}
