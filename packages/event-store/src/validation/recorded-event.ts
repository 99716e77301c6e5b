import type { RecordedEvent } from '../contract/events';
import type { GlobalPosition } from '../contract/position';
import type { ValidatedEvent } from './append-input';

/** Where an append put an event. */
export interface EventPlacement {
  streamId: string;
  version: number;
  position: GlobalPosition;
  occurredAt: Date;
}

/**
 * A validated event as stored, frozen. Written as an explicit literal, not a spread: every event
 * gets the same shape, and on Node 20 it is several times cheaper (appends build one per event).
 */
export function recordedEvent(event: ValidatedEvent, placement: EventPlacement): RecordedEvent {
  return Object.freeze({
    type: event.type,
    data: event.data,
    eventId: event.eventId,
    schemaVersion: event.schemaVersion,
    streamId: placement.streamId,
    version: placement.version,
    position: placement.position,
    occurredAt: placement.occurredAt,
    causationId: event.causationId,
    correlationId: event.correlationId,
    metadata: event.metadata,
  });
}
