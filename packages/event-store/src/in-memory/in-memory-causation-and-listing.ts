import type { RecordedEvent } from '../contract/events';
import { compareStreamIds, type StreamInfo } from '../contract/stream-listing';
import { streamCategory } from '../contract/stream-id';
import type { CheckedListStreamsOptions } from '../validation/stream-listing-input';

// The in-memory store's `listStreams`, `readCorrelated` and `readCausationChain`: plain scans of
// its maps, which is what a store for tests and demos can afford.

export function* listInMemoryStreams(
  streams: ReadonlyMap<string, { events: readonly RecordedEvent[]; deleted: boolean }>,
  options: CheckedListStreamsOptions,
): Iterable<StreamInfo> {
  const { category, prefix, after, limit, includeDeleted } = options;
  const ids = [...streams.keys()]
    .filter((id) => (after === undefined || compareStreamIds(id, after) > 0) && (prefix === undefined || id.startsWith(prefix)))
    .filter((id) => category === undefined || streamCategory(id) === category)
    .sort(compareStreamIds);
  let yielded = 0;
  for (const streamId of ids) {
    if (yielded >= limit) return;
    const stream = streams.get(streamId)!;
    const last = stream.events[stream.events.length - 1];
    if (!last || (stream.deleted && !includeDeleted)) continue;
    yielded++;
    yield { streamId, version: last.version, lastEventAt: new Date(last.occurredAt.getTime()), deleted: stream.deleted };
  }
}

/** The causes of `eventId`, first cause first; stops at an id that is no event, or at a loop. */
export function inMemoryCausationChain(log: readonly RecordedEvent[], eventId: string): RecordedEvent[] {
  const chain: RecordedEvent[] = [];
  const seen = new Set<string>();
  let next: string | null = eventId;
  while (next !== null && !seen.has(next)) {
    seen.add(next);
    const id: string = next;
    const event = log.find((candidate) => candidate.eventId === id);
    if (!event) break;
    chain.unshift(event);
    next = event.causationId;
  }
  return chain;
}
