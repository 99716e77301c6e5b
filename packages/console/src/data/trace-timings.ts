import type { RecordedEvent } from '@factum/event-store';

/**
 * How long each step between a cause and its effect took, from the times on the events:
 * - `sinceCause`: the cause's `occurredAt` to the effect's (the whole hop);
 * - `receive`: the cause's `occurredAt` to when the process manager got it (`metadata.receivedAt`);
 * - `process`: from then to when it dispatched the command (`metadata.dispatchedAt`);
 * - `append`: from the dispatch to the effect's `occurredAt` (the command ran and its events were stored).
 * Times come from two clocks (the database's for `occurredAt`, the app's for the other two), so
 * a split can be off by their skew; the whole hop is from one clock.
 */
export interface StepTimings {
  sinceCause: number | null;
  receive: number | null;
  process: number | null;
  append: number | null;
  /** Since the conversation's first event. */
  sinceStart: number;
}

function timeIn(metadata: Record<string, unknown>, key: string): number | null {
  const value = metadata[key];
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

export function stepTimings(event: RecordedEvent, cause: RecordedEvent | undefined, start: Date): StepTimings {
  const at = event.occurredAt.getTime();
  const received = timeIn(event.metadata, 'receivedAt');
  const dispatched = timeIn(event.metadata, 'dispatchedAt');
  const causeAt = cause?.occurredAt.getTime();
  return {
    sinceCause: causeAt === undefined ? null : at - causeAt,
    receive: causeAt === undefined || received === null ? null : received - causeAt,
    process: received === null || dispatched === null ? null : dispatched - received,
    append: dispatched === null ? null : at - dispatched,
    sinceStart: at - start.getTime(),
  };
}
