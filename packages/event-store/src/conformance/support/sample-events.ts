import { randomUUID } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '../../contract/events';

/** `count` events with explicit ids, so a case can tell exactly which ones were stored. */
export function sampleEvents(count: number, type = 'Sampled', label = type): NewEvent[] {
  return Array.from({ length: count }, (_, index) => ({ type, data: { label, index }, eventId: randomUUID() }));
}

/** A short, unique suffix for stream ids, so cases that run many rounds on one store never collide. */
export function uniqueSuffix(): string {
  return randomUUID().slice(0, 8);
}

export const ids = (events: ReadonlyArray<{ eventId?: string }>): Array<string | undefined> => events.map((event) => event.eventId);

/** `stream@version` labels: readable in an assertion diff. */
export const versions = (events: readonly RecordedEvent[]): string[] => events.map((event) => `${event.streamId}@${event.version}`);

/** The fields of a recorded event, with `occurredAt` as a number, for deep comparison. */
export function comparable(event: RecordedEvent): Record<string, unknown> {
  return {
    streamId: event.streamId,
    version: event.version,
    position: event.position,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    schemaVersion: event.schemaVersion,
    causationId: event.causationId,
    correlationId: event.correlationId,
    metadata: event.metadata,
    occurredAt: event.occurredAt instanceof Date ? event.occurredAt.getTime() : event.occurredAt,
  };
}
