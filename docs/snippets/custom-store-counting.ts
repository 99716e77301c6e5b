// Compiled by `npm run typecheck`; packages/event-store/test/docs-custom-store-passes-conformance.test.ts
// runs the conformance suite against it, so docs/custom-stores.md stays true.
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '@factum/event-store';
import type { Observable } from 'rxjs';

/**
 * A store that counts the events appended per event type (for a metrics endpoint, say) and leaves
 * everything else to the store it wraps. Every method of the contract is here: a store is just
 * an object with these nine methods.
 */
export class CountingEventStore implements EventStore {
  private readonly appended = new Map<string, number>();

  constructor(private readonly inner: EventStore) {}

  /** Events stored per type since this wrapper was created. */
  counts(): ReadonlyMap<string, number> {
    return this.appended;
  }

  async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const result = await this.inner.append(streamId, events, options);
    // Count only after the append succeeded: a refused append stored nothing, so it counts for nothing.
    for (const event of result.events) this.appended.set(event.type, (this.appended.get(event.type) ?? 0) + 1);
    return result;
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

  comparePositions(a: GlobalPosition, b: GlobalPosition): number {
    return this.inner.comparePositions(a, b);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
