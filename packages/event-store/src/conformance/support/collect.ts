import type { EventStore } from '../../contract/event-store';
import type { RecordedEvent } from '../../contract/events';
import type { ReadAllOptions, ReadStreamOptions } from '../../contract/read';

// Cases compare whole (small) reads, so they gather them; the stores themselves stream.

export async function readStream(store: EventStore, streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(streamId, options)) events.push(event);
  return events;
}

export async function readAll(store: EventStore, options?: ReadAllOptions): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll(options)) events.push(event);
  return events;
}

/** Consumes an iterable without keeping it, for cases that only need the read to happen (or fail). */
export async function drain(events: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _event of events) count++;
  return count;
}
