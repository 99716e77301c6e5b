import { Subject, takeUntil, type Observable } from 'rxjs';
import {
  catchUpSubscription,
  InMemoryEventStore,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type GlobalPosition,
  type ListStreamsOptions,
  type ReadCorrelatedOptions,
  type StreamInfo,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
} from '@factum/event-store';

/**
 * An EventStore that forwards every call to an InMemoryEventStore. Faulty test stores extend it
 * and override one method with a realistic bug; unchanged, it must pass the whole suite, which
 * shows a failure of a faulty subclass comes from its bug and not from the wrapping.
 */
export class DelegatingStore implements EventStore {
  protected readonly inner = new InMemoryEventStore();
  protected readonly closed$ = new Subject<void>();

  /** For subclasses that build `subscribe` on their own (possibly faulty) `readAll`. */
  get appended$(): Observable<void> {
    return this.inner.appended$;
  }

  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    return this.inner.append(streamId, events, options);
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readAll(options);
  }

  subscribe(options?: SubscribeOptions): Observable<RecordedEvent> {
    return this.inner.subscribe(options);
  }

  headPosition(): Promise<GlobalPosition | null> {
    return this.inner.headPosition();
  }

  streamVersion(streamId: string): Promise<number> {
    return this.inner.streamVersion(streamId);
  }

  deleteStream(streamId: string, options?: { reason?: string }): Promise<void> {
    return this.inner.deleteStream(streamId, options);
  }

  listStreams(options?: ListStreamsOptions): AsyncIterable<StreamInfo> {
    return this.inner.listStreams(options);
  }

  readCorrelated(correlationId: string, options?: ReadCorrelatedOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readCorrelated(correlationId, options);
  }

  readCausationChain(eventId: string): Promise<RecordedEvent[]> {
    return this.inner.readCausationChain(eventId);
  }

  comparePositions(a: GlobalPosition, b: GlobalPosition): number {
    return this.inner.comparePositions(a, b);
  }

  async close(): Promise<void> {
    this.closed$.next();
    this.closed$.complete();
    await this.inner.close();
  }

  /** A subscription over this store's own `readAll`, so a fault there reaches subscribers too. */
  protected subscribeThroughReadAll(options?: SubscribeOptions): Observable<RecordedEvent> {
    return catchUpSubscription(this, options ?? {}).pipe(takeUntil(this.closed$));
  }
}
