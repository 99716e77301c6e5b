import { InMemoryEventStore, type ReadAllOptions, type RecordedEvent } from '@factum/event-store';

/** An in-memory store that counts the reads of its log: every runner read and every subscription read goes through `readAll`. */
export class ReadCountingStore extends InMemoryEventStore {
  reads = 0;

  override readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    this.reads++;
    return super.readAll(options);
  }
}
