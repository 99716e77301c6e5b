import type { EventStore, GlobalPosition, StartMarker } from '@factum/event-store';
import { countEvents } from '../event-counting';

export interface SubscriberLag {
  /** Events the subscriber reads (its type filter) after its position; capped at `cap`. */
  events: number;
  /** How long the oldest of them has been waiting (now − its `occurredAt`), in seconds; 0 with none. */
  seconds: number;
}

/**
 * How far behind a subscriber is, counting only the event types it reads: a subscriber that
 * reads `AccountOpened` is not behind because of a million `MoneyDeposited`.
 */
export async function measureLag(
  store: EventStore,
  options: { after: GlobalPosition | null; types: readonly string[]; startedAt?: StartMarker; cap: number; now?: Date },
): Promise<SubscriberLag> {
  const filter = { types: [...options.types] };
  const events = await countEvents(store, { after: options.after, filter, cap: options.cap, startedAt: options.startedAt });
  if (events === 0) return { events, seconds: 0 };
  let seconds = 0;
  for await (const oldest of store.readAll({ after: options.after ?? undefined, limit: 1, filter, startedAt: options.startedAt })) {
    seconds = Math.max(0, ((options.now ?? new Date()).getTime() - oldest.occurredAt.getTime()) / 1000);
  }
  return { events, seconds: Math.round(seconds * 10) / 10 };
}
