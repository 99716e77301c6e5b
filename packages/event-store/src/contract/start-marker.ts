import type { GlobalPosition } from './position';

/**
 * Where a hot subscriber starts: "everything that has committed until now is history". A
 * position alone cannot say this on a store whose readable head lags behind its commits (on
 * Postgres, an event that committed while an older append was still open sorts after that
 * append and is not readable yet), so the marker also records, in a form only its store reads,
 * what had committed. Persist it as it is (it is plain JSON) and hand it back to
 * `readAll({ after, startedAt })` on every read, across restarts and processes.
 */
export interface StartMarker {
  /** The readable head when the marker was taken; `null` for an empty log. */
  readonly position: GlobalPosition | null;
  /**
   * What had committed when the marker was taken, as the store records it (on Postgres a
   * snapshot). Absent on stores whose readable head is always everything committed.
   */
  readonly committed?: string;
}

/** Whether `value` has the shape of a `StartMarker` (for markers read back from storage). */
export function isStartMarker(value: unknown): value is StartMarker {
  if (typeof value !== 'object' || value === null) return false;
  const { position, committed } = value as Record<string, unknown>;
  return (position === null || typeof position === 'string') && (committed === undefined || typeof committed === 'string');
}

/** The store's own marker, or its head where the store has none (its head is then exact). */
export async function startMarkerOf(store: { startMarker?(): Promise<StartMarker>; headPosition(): Promise<GlobalPosition | null> }): Promise<StartMarker> {
  if (store.startMarker) return store.startMarker();
  return { position: await store.headPosition() };
}
