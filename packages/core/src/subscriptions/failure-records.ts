import { FactumError, toKeepableText, type NewDeadLetter, type RecordedEvent } from '@factum/event-store';
import type { SubscriberErrorInfo } from './subscriber-status';

/**
 * Error text as every store can keep it: NUL and lone surrogates become U+FFFD. A handler's error
 * often quotes the event it failed on, and the stores refuse such text; refusing the dead letter
 * would turn a `skip` into a stopped subscriber.
 */
function keepable(text: string): string {
  return toKeepableText(text);
}

function describe(error: unknown): { name: string; message: string; code: string | null; stack: string | null } {
  if (error instanceof Error) {
    return {
      name: keepable(String(error.name)),
      message: keepable(String(error.message)),
      code: error instanceof FactumError ? keepable(error.code) : null,
      stack: error.stack === undefined ? null : keepable(String(error.stack)),
    };
  }
  return { name: 'Error', message: keepable(describeThrown(error)), code: null, stack: null };
}

/** `String()` throws for symbols and objects without a prototype; a failure record must not. */
function describeThrown(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
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
