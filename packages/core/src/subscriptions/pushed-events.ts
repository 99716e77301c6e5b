import type { RecordedEvent } from '@factum/event-store';

/**
 * The events pushed to a caught-up subscriber, queued until its runner takes them: by its own
 * store subscription (`LiveFeed`) or by the process's shared log reader (`SharedReaderMember`).
 */
export interface PushedEvents {
  readonly size: number;
  /** More events came than the runner should hold: it goes back to reading in batches. */
  readonly overflowing: boolean;
  /** Why pushing ended: the store's error, or `StoreClosedError` when it completed. */
  readonly failure: unknown;
  take(count: number): RecordedEvent[];
  /** Stops pushing; idempotent. */
  close(): void;
}
