import { canCountEvents, type EventFilter, type EventStore, type GlobalPosition, type StartMarker } from '@factum/event-store';

/**
 * Counts the events a subscriber reads in (after, upTo], stopping at `cap`. Uses the store's
 * `countEvents` when it has one; otherwise reads through the log (ids only matter, but the
 * contract has no cheaper way).
 */
export async function countEvents(
  store: EventStore,
  options: { after?: GlobalPosition | null; upTo?: GlobalPosition | null; filter: EventFilter; cap?: number; startedAt?: StartMarker },
): Promise<number> {
  const after = options.after ?? undefined;
  const upTo = options.upTo ?? undefined;
  if (canCountEvents(store)) {
    const count = await store.countEvents({ after, upTo, filter: options.filter, startedAt: options.startedAt, limit: options.cap });
    return options.cap === undefined ? count : Math.min(count, options.cap);
  }
  let count = 0;
  for await (const event of store.readAll({ after, filter: options.filter, limit: options.cap, startedAt: options.startedAt })) {
    if (upTo !== undefined && store.comparePositions(event.position, upTo) > 0) break;
    count++;
  }
  return count;
}
