import { FactumError, type NewDeadLetter, type RecordedEvent } from '@factum/event-store';
import type { SubscriberErrorInfo } from './subscriber-status';

function describe(error: unknown): { name: string; message: string; code: string | null; stack: string | null } {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, code: error instanceof FactumError ? error.code : null, stack: error.stack ?? null };
  }
  return { name: 'Error', message: String(error), code: null, stack: null };
}

export function toErrorInfo(error: unknown, event: RecordedEvent | null, attempts: number): SubscriberErrorInfo {
  const { message, code } = describe(error);
  return { message, code, eventId: event?.eventId ?? null, position: event?.position ?? null, attempts, at: new Date() };
}

export function toDeadLetter(subscriber: string, event: RecordedEvent, error: unknown, attempts: number): NewDeadLetter {
  return {
    subscriber,
    eventId: event.eventId,
    eventType: event.type,
    streamId: event.streamId,
    version: event.version,
    position: event.position,
    error: describe(error),
    attempts,
  };
}
