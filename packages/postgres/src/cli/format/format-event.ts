import type { RecordedEvent } from '@factum/event-store';

/** One event on one line: position, time, stream and version, type, id, causation and correlation. */
export function eventLine(event: RecordedEvent): string {
  return [
    event.position,
    event.occurredAt.toISOString(),
    `${event.streamId}@${event.version}`,
    event.type,
    `id=${event.eventId}`,
    `causation=${event.causationId ?? '-'}`,
    `correlation=${event.correlationId ?? '-'}`,
  ].join('  ');
}

/** An event as one JSON line (`--json`). */
export function eventJson(event: RecordedEvent): string {
  return JSON.stringify({ ...event, occurredAt: event.occurredAt.toISOString() });
}
