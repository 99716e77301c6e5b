import { recordedEvent, type AppendResult, type ExpectedVersion, type ValidatedEvent } from '@factum/event-store';
import { formatPosition } from '../positions/position-token';
import type { AppendRow, PayloadEvent } from '../sql/append-statement';

/** An append as `validateAppend` returns it. */
export interface AppendInput {
  streamId: string;
  events: readonly ValidatedEvent[];
  expectedVersion: ExpectedVersion;
  acceptResends: boolean;
}

/** Expected versions as the append statements take them: null = any, -1 = exists, n = at n (0 = no stream). */
export function expectedParameter(expected: ExpectedVersion): number | null {
  switch (expected) {
    case 'any':
      return null;
    case 'exists':
      return -1;
    case 'no-stream':
      return 0;
    default:
      return expected;
  }
}

/** An append's events as the append statements' JSON payload holds them. */
export function payloadEvents(input: AppendInput): PayloadEvent[] {
  return input.events.map((event) => ({
    i: event.eventId,
    t: event.type,
    v: event.schemaVersion,
    d: event.data,
    m: event.metadata,
    c: event.causationId ?? null,
    r: event.correlationId ?? null,
  }));
}

/** The result of a (not resending) append from its row (`AppendRow`, or the combined statement's). */
export function appendResult(input: AppendInput, row: AppendRow): AppendResult {
  const positions = row.o_positions.split(',');
  const firstVersion = Number(row.o_first_version);
  const recorded = input.events.map((event, index) =>
    recordedEvent(event, {
      streamId: input.streamId,
      version: firstVersion + index,
      position: formatPosition(row.o_transaction_id, positions[index]!),
      // A fresh Date per event: a Date cannot be frozen, and one event must not change another.
      occurredAt: new Date(row.o_created_at.getTime()),
    }),
  );
  const last = recorded[recorded.length - 1]!;
  return { streamId: input.streamId, version: last.version, position: last.position, events: recorded };
}
