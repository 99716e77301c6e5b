import { StoreClosedError, type EventStore, type GlobalPosition, type RecordedEvent, type StartMarker } from '@factum/event-store';
import type { Subscription } from 'rxjs';
import type { PushedEvents } from './pushed-events';

/**
 * The events the store pushes to a caught-up subscriber, queued until the runner takes them.
 * The runner stops taking (and goes back to reading in batches) once more than its limit wait,
 * so the queue of a slow subscriber stays bounded.
 */
export class LiveFeed implements PushedEvents {
  private readonly queue: RecordedEvent[] = [];
  private readonly subscription: Subscription;
  /** Why the feed ended: the store's error, or `StoreClosedError` when it completed. */
  failure: unknown = null;

  constructor(
    store: EventStore,
    options: { after: GlobalPosition | null; types: readonly string[]; batchSize: number; startedAt: StartMarker | undefined },
    /** Called when the feed has something new for the runner: a first event, or a failure. */
    private readonly onChange: () => void,
    private readonly limit: number,
  ) {
    const { after, types, batchSize, startedAt } = options;
    this.subscription = store.subscribe({ from: after ?? 'origin', filter: { types }, batchSize, startedAt }).subscribe({
      next: (event) => {
        this.queue.push(event);
        if (this.queue.length === 1 || this.queue.length === limit + 1) this.onChange();
      },
      error: (error: unknown) => {
        this.failure = error;
        this.onChange();
      },
      complete: () => {
        this.failure ??= new StoreClosedError();
        this.onChange();
      },
    });
  }

  get size(): number {
    return this.queue.length;
  }

  /** More events wait than the runner should hold in memory. */
  get overflowing(): boolean {
    return this.queue.length > this.limit;
  }

  take(count: number): RecordedEvent[] {
    return this.queue.splice(0, count);
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}
