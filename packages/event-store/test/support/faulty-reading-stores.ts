import {
  checkIdentifier,
  checkListStreamsOptions,
  type EventStore,
  type ListStreamsOptions,
  type ReadCorrelatedOptions,
  type RecordedEvent,
  type StreamInfo,
} from '@factum/event-store';
import { DelegatingStore } from './delegating-store';

// Faulty versions of the optional reads (listStreams, readCorrelated, readCausationChain), each
// with one bug a real implementation could plausibly have.

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

/** Sorts and pages stream ids with JavaScript's `<` (UTF-16 code units), like a database under a linguistic collation would with its own order. */
export class ListsByCodeUnitStore extends DelegatingStore {
  override async *listStreams(options?: ListStreamsOptions): AsyncIterable<StreamInfo> {
    const { after, limit, ...rest } = checkListStreamsOptions(options);
    const all = await collect(this.inner.listStreams({ ...rest, prefix: rest.prefix, category: rest.category }));
    const sorted = all.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    yield* sorted.filter((stream) => after === undefined || stream.streamId > after).slice(0, limit);
  }
}

/** Pages with `after` inclusive (`>=` instead of `>`): every page repeats the last stream of the one before. */
export class InclusiveAfterListingStore extends DelegatingStore {
  override async *listStreams(options?: ListStreamsOptions): AsyncIterable<StreamInfo> {
    const { after, limit, ...rest } = checkListStreamsOptions(options);
    const all = await collect(this.inner.listStreams(rest));
    const start = after === undefined ? 0 : all.findIndex((stream) => stream.streamId === after);
    yield* all.slice(Math.max(start, 0)).slice(0, limit);
  }
}

/** Lists deleted streams as if they were live (a query that forgot `where not deleted`). */
export class ListsDeletedStreamsStore extends DelegatingStore {
  override async *listStreams(options?: ListStreamsOptions): AsyncIterable<StreamInfo> {
    for await (const stream of this.inner.listStreams({ ...(options ?? {}), includeDeleted: true })) yield { ...stream, deleted: false };
  }
}

/** Reads a conversation by filtering a page of the log: the limit counts log events, not the conversation's. */
export class CorrelatedLimitBeforeFilterStore extends DelegatingStore {
  override async *readCorrelated(correlationId: string, options?: ReadCorrelatedOptions): AsyncIterable<RecordedEvent> {
    const id = checkIdentifier(correlationId, 'correlationId');
    for await (const event of this.inner.readAll({ after: options?.after, limit: options?.limit })) if (event.correlationId === id) yield event;
  }
}

/** Returns the chain with the event first and its first cause last. */
export class ChainNewestFirstStore extends DelegatingStore {
  override async readCausationChain(eventId: string): Promise<RecordedEvent[]> {
    return (await this.inner.readCausationChain(eventId)).reverse();
  }
}

/** Takes "the causes of an event" to be its conversation up to it: siblings (a side effect) end up in the chain. */
export class ChainFromConversationStore extends DelegatingStore {
  override async readCausationChain(eventId: string): Promise<RecordedEvent[]> {
    const [event] = (await this.inner.readCausationChain(eventId)).slice(-1);
    if (!event?.correlationId) return event ? [event] : [];
    const conversation = await collect(this.inner.readCorrelated(event.correlationId));
    return conversation.slice(0, conversation.findIndex((candidate) => candidate.eventId === eventId) + 1);
  }
}

/** A store written before the optional reads existed: it has none of them. */
export function withoutOptionalReads(): EventStore {
  const store = new DelegatingStore();
  return {
    append: (...args) => store.append(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    subscribe: (...args) => store.subscribe(...args),
    headPosition: () => store.headPosition(),
    streamVersion: (streamId) => store.streamVersion(streamId),
    deleteStream: (...args) => store.deleteStream(...args),
    comparePositions: (a, b) => store.comparePositions(a, b),
    close: () => store.close(),
  };
}
