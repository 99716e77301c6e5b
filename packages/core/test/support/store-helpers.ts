import type { EventStore, RecordedEvent } from '@factum/event-store';

export async function readAll(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(streamId)) events.push(event);
  return events;
}

/** Wraps a store to count what is read from streams (calls and events), proving how much a load reads. */
export function countingReads<S extends EventStore>(store: S): { store: S; reads: { calls: number; events: number } } {
  const reads = { calls: 0, events: 0 };
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'readStream') {
        return async function* (...args: Parameters<EventStore['readStream']>) {
          reads.calls++;
          for await (const event of target.readStream(...args)) {
            reads.events++;
            yield event;
          }
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, reads };
}
