import type { EventStore, GlobalPosition, StartMarker } from '@factum/event-store';
import { countEvents } from '../subscriptions/event-counting';

/** Lag beyond this many events is reported as this: counting further would cost more than it tells. */
export const LAG_COUNT_CAP = 100_000;

/** Where a subscriber's reading stands: what its lag is measured from. */
export interface LagOrigin {
  /** The last event it handled (`null`: none yet). */
  readonly after: GlobalPosition | null;
  /** A hot-only subscriber's start marker: the history it never reads is no lag. */
  readonly startedAt?: StartMarker;
}

export interface SubscriberLag {
  /** Events the subscriber reads (its type filter) after its position; at most `LAG_COUNT_CAP`. */
  readonly events: number;
  /** How long the oldest of them has waited (now − its `occurredAt`), in seconds; 0 with none. */
  readonly seconds: number;
}

/**
 * How far behind a subscriber is, counting only the event types it reads: a subscriber that
 * reads `AccountOpened` is not behind because of a million `MoneyDeposited`. Two indexed reads
 * of the store: a count and the oldest unhandled event.
 */
export async function measureLag(store: EventStore, types: readonly string[], origin: LagOrigin, now = new Date()): Promise<SubscriberLag> {
  const filter = { types: [...types] };
  const events = await countEvents(store, { after: origin.after, filter, cap: LAG_COUNT_CAP, startedAt: origin.startedAt });
  if (events === 0) return { events, seconds: 0 };
  let seconds = 0;
  for await (const oldest of store.readAll({ after: origin.after ?? undefined, limit: 1, filter, startedAt: origin.startedAt })) {
    seconds = Math.max(0, (now.getTime() - oldest.occurredAt.getTime()) / 1000);
  }
  return { events, seconds };
}
