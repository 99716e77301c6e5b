import { InMemoryEventStore, type ReadAllOptions, type RecordedEvent } from '@factum/event-store';

/**
 * An in-memory store that counts the subscribers' reads of its log: every runner read and every
 * subscription read goes through `readAll` with the subscriber's types. (An app's `events$`
 * feed reads every type, without a filter: it is not a subscriber.)
 */
export class ReadCountingStore extends InMemoryEventStore {
  reads = 0;

  override readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    if (options?.filter?.types) this.reads++;
    return super.readAll(options);
  }
}
