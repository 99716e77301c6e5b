import type { RecordedEvent } from '../contract/events';
import type { InMemoryLog, InMemoryStream } from './in-memory-log';
import { compareStreamIds, type StreamInfo } from '../contract/stream-listing';
import { streamCategory } from '../contract/stream-id';
import type { CheckedListStreamsOptions } from '../validation/stream-listing-input';

// The in-memory store's `listStreams`, `readCorrelated` and `readCausationChain`: plain scans of
// its maps, which is what a store for tests and demos can afford.

export function* listInMemoryStreams(streams: ReadonlyMap<string, InMemoryStream>, log: InMemoryLog, options: CheckedListStreamsOptions): Iterable<StreamInfo> {
  const { category, prefix, after, limit, includeDeleted } = options;
  const ids = [...streams.keys()]
    .filter((id) => (after === undefined || compareStreamIds(id, after) > 0) && (prefix === undefined || id.startsWith(prefix)))
    .filter((id) => category === undefined || streamCategory(id) === category)
    .sort(compareStreamIds);
  let yielded = 0;
  for (const streamId of ids) {
    if (yielded >= limit) return;
    const stream = streams.get(streamId)!;
    const last = stream.indexes[stream.indexes.length - 1];
    if (last === undefined || (stream.deleted && !includeDeleted)) continue;
    yielded++;
    yield { streamId, version: log.versionAt(last), lastEventAt: new Date(log.timeAt(last)), deleted: stream.deleted };
  }
}

/**
 * The causes of `eventId`, first cause first; stops at an id that is no event, or at a loop.
 * `indexOf` gives an event id's index in `log` (-1 for none).
 */
export function inMemoryCausationChain(log: InMemoryLog, indexOf: (eventId: string) => number, eventId: string): RecordedEvent[] {
  const chain: RecordedEvent[] = [];
  const seen = new Set<string>();
  let next: string | null = eventId;
  while (next !== null && !seen.has(next)) {
    seen.add(next);
    const index = indexOf(next);
    if (index < 0) break;
    chain.unshift(log.eventAt(index));
    next = log.causationIdAt(index);
  }
  return chain;
}
