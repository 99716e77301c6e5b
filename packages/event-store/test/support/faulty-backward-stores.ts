import type { ReadAllOptions, RecordedEvent } from '@factum/event-store';
import { DelegatingStore } from './delegating-store';

// Faulty versions of the newest-first read of the log and its time window.

/** Applies `limit` before turning the read around: a backward page holds the oldest events, not the newest. */
export class BackwardLimitsOldestStore extends DelegatingStore {
  override async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    if (options?.direction !== 'backward') return yield* this.inner.readAll(options);
    const forward: RecordedEvent[] = [];
    for await (const event of this.inner.readAll({ ...options, direction: 'forward' })) forward.push(event);
    yield* forward.reverse();
  }
}

/** Ignores `occurredFrom`: a time window reads from the start of the log. */
export class IgnoresOccurredFromStore extends DelegatingStore {
  override readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    const { occurredFrom: _ignored, ...rest } = options ?? {};
    return this.inner.readAll(rest);
  }
}
