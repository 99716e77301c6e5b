import type { Event, MessageRegistry } from '@factum/core';
import type { NewEvent } from '@factum/event-store';

/** Given events as the store takes them, at their definition's current schema version. */
export function toNewEvents(messages: MessageRegistry, events: readonly Event[], extra: Omit<NewEvent, 'type' | 'data'> = {}): NewEvent[] {
  return events.map((event) => ({ ...extra, type: event.type, data: event.data, schemaVersion: messages.event(event.type)?.version ?? 1 }));
}
