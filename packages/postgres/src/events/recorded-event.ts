import type { EventMetadata, RecordedEvent } from '@factum/event-store';
import { formatPosition } from '../positions/position-token';
import type { EventRow } from '../sql/event-statements';
import { parseTimestampText } from './timestamp-text';

/** An event row as the contract's `RecordedEvent`. Each read builds fresh objects, so no reader can change what another sees. */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  return Object.freeze({
    type: row.type,
    data: row.data,
    eventId: row.event_id,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    version: Number(row.version),
    position: formatPosition(row.transaction_id, row.position),
    occurredAt: parseTimestampText(row.created_at),
    causationId: row.causation_id,
    correlationId: row.correlation_id,
    metadata: row.metadata as EventMetadata,
  });
}
