import { recordedEvent, type AppendResult, type EventMetadata, type RecordedEvent, type ValidatedEvent } from '@factum/event-store';
import { formatPosition } from '../positions/position-token';
import type { ResendingAppendRow } from '../sql/resending-append-statement';

/**
 * The result of a resending append from its rows (one per event of the call, in the call's
 * order): new events as appended, resent ones as stored (their own metadata and time).
 */
export function resendingResult(input: { streamId: string; events: readonly ValidatedEvent[] }, rows: readonly ResendingAppendRow[]): AppendResult {
  const events: RecordedEvent[] = [];
  const alreadyStored: RecordedEvent[] = [];
  input.events.forEach((event, index) => {
    const row = rows[index]!;
    const placement = {
      streamId: input.streamId,
      version: Number(row.o_version),
      position: formatPosition(row.o_transaction_id, row.o_position),
      // A fresh Date per event: a Date cannot be frozen, and one event must not change another.
      occurredAt: new Date(row.o_created_at.getTime()),
    };
    if (!row.o_resent) {
      events.push(recordedEvent(event, placement));
      return;
    }
    alreadyStored.push(
      Object.freeze({
        type: row.o_type!,
        data: row.o_data,
        eventId: event.eventId,
        schemaVersion: row.o_schema_version!,
        ...placement,
        causationId: row.o_causation_id,
        correlationId: row.o_correlation_id,
        metadata: row.o_metadata as EventMetadata,
      }),
    );
  });
  events.sort((a, b) => a.version - b.version);
  const last = events.length > 0 ? events[events.length - 1]! : alreadyStored.reduce((a, b) => (a.version > b.version ? a : b));
  return { streamId: input.streamId, version: last.version, position: last.position, events, alreadyStored };
}
