import {
  DeadLetterNotFoundError,
  type DeadLetter,
  type EventStore,
  type JsonValue,
  type NewDeadLetter,
  type RecordedEvent,
  type SubscriberSession,
  type SubscriberStore,
} from '@factum/event-store';
import { toDeadLetter, toErrorInfo } from '../failure-records';
import type { SubscriberSpec } from '../subscriber-spec';

export interface DeadLetterRetryContext {
  spec: SubscriberSpec;
  store: EventStore;
  subscriberStore: SubscriberStore;
  /** One traced attempt of the subscriber's handler. */
  handle(event: RecordedEvent, session: SubscriberSession | null, attempt: number): Promise<void>;
}

/** What `retryDeadLetters` did: the events handled now, and those that failed again (they stay dead letters). */
export interface DeadLetterRetryReport {
  retried: string[];
  failed: Array<{ eventId: string; code: string | null; message: string }>;
}

/** The event a dead letter names, read from its stream (the log keeps every event). */
async function eventOf(store: EventStore, letter: DeadLetter): Promise<RecordedEvent> {
  for await (const event of store.readStream(letter.streamId, { fromVersion: letter.version, limit: 1 })) {
    if (event.eventId === letter.eventId) return event;
  }
  throw new DeadLetterNotFoundError(letter.subscriber, letter.eventId);
}

/**
 * Hands a dead letter's event to its subscriber once more. For a subscriber with transactions
 * (a transactional projector), the removal of the dead letter and the handling commit in one
 * unit of work, and the removal comes first: when the letter is gone (a skip, or another retry,
 * removed it), nothing is handled and `DeadLetterNotFoundError` is thrown; when a skip comes
 * while the handling runs, the skip finds no letter. Exactly once in effect, even across a crash
 * and against a concurrent skip. Otherwise the dead letter is removed after the handler
 * succeeded (at least once: a skip racing the retry may both act). A failure keeps the dead
 * letter, with the new error and one more attempt, and is thrown; a letter a skip removed
 * meanwhile stays removed.
 */
export async function retryDeadLetter(context: DeadLetterRetryContext, eventId: string): Promise<void> {
  const { spec, subscriberStore } = context;
  const letter = (await subscriberStore.deadLetters.list(spec.name)).find((candidate) => candidate.eventId === eventId);
  if (!letter) throw new DeadLetterNotFoundError(spec.name, eventId);
  const event = await eventOf(context.store, letter);
  const attempt = letter.attempts + 1;
  try {
    if (spec.atomic) {
      await subscriberStore.transaction(async (session) => {
        if (!(await session.deadLetters.delete(spec.name, eventId))) throw new DeadLetterNotFoundError(spec.name, eventId);
        await context.handle(event, session, attempt);
      });
    } else {
      await context.handle(event, null, attempt);
      await subscriberStore.deadLetters.delete(spec.name, eventId);
    }
  } catch (error) {
    if (error instanceof DeadLetterNotFoundError) throw error;
    await keepFailedAgain(context, toDeadLetter(spec.name, event, error, attempt));
    throw error;
  }
}

/** Replaces the dead letter with the new failure, unless a skip removed it meanwhile. */
async function keepFailedAgain(context: DeadLetterRetryContext, letter: NewDeadLetter): Promise<void> {
  await context.subscriberStore.transaction(async (session) => {
    if (await session.deadLetters.delete(letter.subscriber, letter.eventId)) await session.deadLetters.add(letter);
  });
}

/** Retries every dead letter of the subscriber, oldest event first; one failing does not stop the others. */
export async function retryDeadLetters(context: DeadLetterRetryContext): Promise<DeadLetterRetryReport> {
  const { spec, store } = context;
  const letters = (await context.subscriberStore.deadLetters.list(spec.name)).sort((a, b) => store.comparePositions(a.position, b.position));
  const report: DeadLetterRetryReport = { retried: [], failed: [] };
  for (const letter of letters) {
    try {
      await retryDeadLetter(context, letter.eventId);
      report.retried.push(letter.eventId);
    } catch (error) {
      const { code, message } = toErrorInfo(error, null, 0);
      report.failed.push({ eventId: letter.eventId, code, message });
    }
  }
  return report;
}

export const reportToJson = (report: DeadLetterRetryReport): JsonValue => report as unknown as JsonValue;
