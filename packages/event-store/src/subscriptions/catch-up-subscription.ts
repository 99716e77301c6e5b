import { Observable, type Subscription } from 'rxjs';
import type { RecordedEvent } from '../contract/events';
import type { GlobalPosition } from '../contract/position';
import type { ReadAllOptions, SubscribeOptions } from '../contract/read';
import { startMarkerOf, type StartMarker } from '../contract/start-marker';
import { InvalidInputError } from '../errors/store-errors';
import { describeValue } from '../validation/text';

/** What a store provides for `catchUpSubscription` to build `subscribe()` on. */
export interface CatchUpSource {
  readAll(options: ReadAllOptions): AsyncIterable<RecordedEvent>;
  headPosition(): Promise<GlobalPosition | null>;
  /** Where `from: 'head'` starts (see `EventStore.startMarker`); the head position when absent. */
  startMarker?(): Promise<StartMarker>;
  /** Emits whenever new events may be readable (an append committed, a notification arrived). */
  readonly appended$: Observable<unknown>;
}

export interface CatchUpOptions extends SubscribeOptions {
  /** Reads again this often even without a wake-up, so a lost wake-up only delays an event. */
  pollIntervalMs?: number;
}

export const DEFAULT_BATCH_SIZE = 500;

/**
 * A subscription to the global log built from `readAll` alone: it reads in batches after the
 * last delivered position until it has caught up, then waits for the next wake-up (or poll).
 * Because each read starts strictly after the last event delivered, and `readAll` only returns
 * events whose order is final, it delivers every event once, in order, whatever the timing of
 * wake-ups. Any store can use it; each subscriber has its own reader and pace.
 */
export function catchUpSubscription(source: CatchUpSource, options: CatchUpOptions = {}): Observable<RecordedEvent> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  // A batch of 0 would read nothing forever and never yield to the event loop.
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new InvalidInputError('batchSize', `${describeValue(batchSize)} is not a whole number ≥ 1`);
  return new Observable<RecordedEvent>((subscriber) => {
    let closed = false;
    let pending = true; // a read is owed
    let reading = false;
    let after: GlobalPosition | undefined;
    let startedAt: StartMarker | undefined = options.startedAt;
    let started = false;

    const pump = async (): Promise<void> => {
      if (reading || closed || !started) return;
      reading = true;
      try {
        while (pending && !closed) {
          pending = false;
          let delivered = batchSize;
          while (delivered === batchSize && !closed) {
            delivered = 0;
            for await (const event of source.readAll({ after, limit: batchSize, filter: options.filter, startedAt })) {
              if (closed) return;
              after = event.position;
              delivered++;
              subscriber.next(event);
            }
          }
        }
      } catch (error) {
        closed = true;
        subscriber.error(error);
      } finally {
        reading = false;
      }
    };

    const wake = (): void => {
      pending = true;
      void pump();
    };

    // Listen before resolving the start, so nothing appended in between is missed.
    const wakeups: Subscription = source.appended$.subscribe({ next: wake, error: (error) => subscriber.error(error) });
    const timer = options.pollIntervalMs ? setInterval(wake, options.pollIntervalMs) : undefined;
    timer?.unref?.();

    const from = options.from ?? 'origin';
    void (async () => {
      try {
        if (from === 'head') {
          startedAt = await startMarkerOf(source);
          after = startedAt.position ?? undefined;
        } else if (from !== 'origin') after = from;
        started = true;
        await pump();
      } catch (error) {
        subscriber.error(error);
      }
    })();

    return () => {
      closed = true;
      wakeups.unsubscribe();
      if (timer) clearInterval(timer);
    };
  });
}
