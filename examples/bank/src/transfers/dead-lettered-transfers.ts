// A transfer whose step was dead-lettered (transferErrorPolicy chose 'skip') would stay
// "requested" forever: its process instance never hears of the skipped event. This watch fails
// such a transfer, reason `ProcessFailed`, so clients see an outcome and operators a dead letter.
import { deterministicId, type App } from '@factum/core';
import type { DeadLetter, RecordedEvent } from '@factum/event-store';
import { FailTransfer } from './transfer-messages';

const PROCESS = 'transfers';
export const PROCESS_FAILED = 'ProcessFailed';

export interface DeadLetterWatch {
  /** Resolves once the dead letters recorded before the watch started have been dealt with. */
  readonly swept: Promise<void>;
  stop(): void;
}

/** The transfer an event of the transfer process belongs to: every such event names it. */
function transferIdOf(event: RecordedEvent): string | null {
  const data = event.data as { transferId?: unknown } | null;
  return typeof data?.transferId === 'string' && data.transferId.length > 0 ? data.transferId : null;
}

async function fail(app: App, event: RecordedEvent, error: string): Promise<void> {
  const transferId = transferIdOf(event);
  if (!transferId) return;
  // One command id per dead event: the live report and a later sweep never fail it twice.
  await app.dispatch(FailTransfer({ transferId, reason: PROCESS_FAILED, refunded: false }), {
    commandId: deterministicId('bank/dead-lettered-transfer', event.eventId),
    correlationId: event.correlationId ?? event.eventId,
    causationId: event.eventId,
    metadata: { deadLetter: { subscriber: PROCESS, eventId: event.eventId, error } },
  });
}

async function eventOf(app: App, letter: DeadLetter): Promise<RecordedEvent | undefined> {
  for await (const event of app.store.readStream(letter.streamId, { fromVersion: letter.version, limit: 1 })) return event;
  return undefined;
}

/**
 * Fails every transfer whose step the transfer process dead-letters from now on, and first those
 * dead-lettered before (while no watch ran). A failure to fail one (the store is down) is left to
 * the next sweep: the dead letter stays recorded either way.
 */
export function failDeadLetteredTransfers(app: App): DeadLetterWatch {
  const onError = (error: unknown): void => app.logger.error({ err: error }, 'could not fail a dead-lettered transfer; the next start tries again');
  const subscription = app.subscribers.errors$.subscribe((failure) => {
    if (failure.subscriber !== PROCESS || failure.decision !== 'skip' || !failure.event) return;
    fail(app, failure.event, failure.error instanceof Error ? failure.error.message : String(failure.error)).catch(onError);
  });
  const swept = (async () => {
    for (const letter of await app.subscribers.deadLetters(PROCESS)) {
      const event = await eventOf(app, letter);
      if (event) await fail(app, event, letter.error.message);
    }
  })().catch(onError);
  return { swept, stop: () => subscription.unsubscribe() };
}
