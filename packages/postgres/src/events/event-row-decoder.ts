import type { EventMetadata, GlobalPosition, RecordedEvent } from '@factum/event-store';
import { formatPositionIn, transactionPrefix } from '../positions/position-token';
import type { StreamEventRow } from '../sql/event-statements';
import { parseTimestampText } from './timestamp-text';

/**
 * Turns the event rows of one read into the contract's `RecordedEvent`s; each read uses a decoder
 * of its own and builds fresh objects, so no reader can change what another sees. The events of
 * one append share their transaction and their time, and a read meets them in runs, so the
 * decoder keeps the last transaction's part of the position token and the last time's
 * milliseconds while they repeat: formatting and parsing both again for every event was a tenth
 * of a stream read's CPU. Every event still gets a `Date` of its own.
 */
export class EventRowDecoder {
  private transactionId = '';
  private prefix = '';
  private timeText = '';
  private timeMs = 0;

  /** `streamId`: the row's own (`row.stream_id`), or the stream a stream read reads (its rows leave it out). */
  decode(row: StreamEventRow, streamId: string): RecordedEvent {
    return Object.freeze({
      type: row.type,
      data: row.data,
      eventId: row.event_id,
      schemaVersion: row.schema_version,
      streamId,
      version: Number(row.version),
      position: this.position(row.transaction_id, row.position),
      occurredAt: this.occurredAt(row.created_at),
      causationId: row.causation_id,
      correlationId: row.correlation_id,
      metadata: row.metadata as EventMetadata,
    });
  }

  private position(transactionId: string, sequence: string): GlobalPosition {
    if (transactionId !== this.transactionId) {
      this.transactionId = transactionId;
      this.prefix = transactionPrefix(transactionId);
    }
    return formatPositionIn(this.prefix, sequence);
  }

  private occurredAt(text: string): Date {
    if (text === this.timeText) return new Date(this.timeMs);
    const parsed = parseTimestampText(text);
    // Only a real instant is kept: whatever the driver makes of `infinity` is handed out as it is.
    if (parsed instanceof Date && !Number.isNaN(parsed.getTime())) {
      this.timeText = text;
      this.timeMs = parsed.getTime();
    }
    return parsed;
  }
}
