import assert from 'node:assert/strict';
import type { EventStore } from '../../contract/event-store';
import type { RecordedEvent } from '../../contract/events';
import type { EventFilter } from '../../contract/read';
import { partitionOf } from '../../contract/stream-partition';
import { defineTopic } from '../conformance-case';
import { readAll } from '../support/collect';
import { fastCheck } from '../support/optional-peers';
import { ids } from '../support/sample-events';

// Stream ids chosen to catch category mistakes: prefixes, dashes in the id, no dash at all; and
// partition mistakes: ids beyond ASCII and beyond the Basic Multilingual Plane (two UTF-16 units).
const STREAMS = ['account-1', 'accounts-1', 'account-2-savings', 'xaccount-1', 'order-1', 'account', 'konto-ü', 'note-\u{1F600}'];
const TYPES = ['Opened', 'Deposited', 'Withdrawn'];

/** 48 events: every stream gets every type, twice, interleaved. */
async function appendMix(store: EventStore): Promise<RecordedEvent[]> {
  const appended: RecordedEvent[] = [];
  for (let round = 0; round < 2; round++) {
    for (const type of TYPES) {
      for (const streamId of STREAMS) appended.push(...(await store.append(streamId, [{ type, data: { round } }])).events);
    }
  }
  return appended;
}

const categoryOf = (streamId: string): string => streamId.split('-')[0]!;
const matches =
  (filter: EventFilter) =>
  (event: RecordedEvent): boolean =>
    (!filter.types || filter.types.includes(event.type)) &&
    (!filter.categories || filter.categories.includes(categoryOf(event.streamId))) &&
    (!filter.partition || partitionOf(event.streamId, filter.partition.count) === filter.partition.index);

/** Filters by event type and stream category, applied by the store before limits. */
export const filterCases = defineTopic('filters', [
  {
    slug: 'by-type',
    name: 'a types filter returns only those types, in log order',
    async run({ store }) {
      const appended = await appendMix(store);
      for (const types of [['Deposited'], ['Opened', 'Withdrawn'], ['Unknown']]) {
        assert.deepEqual(ids(await readAll(store, { filter: { types } })), ids(appended.filter(matches({ types }))), `types ${types.join(',')}`);
      }
    },
  },
  {
    slug: 'by-category',
    name: "a categories filter matches the part of the stream id before the first '-', exactly",
    async run({ store }) {
      const appended = await appendMix(store);
      const accounts = await readAll(store, { filter: { categories: ['account'] } });
      assert.deepEqual([...new Set(accounts.map((event) => event.streamId))].sort(), ['account', 'account-1', 'account-2-savings']);
      assert.deepEqual(ids(accounts), ids(appended.filter(matches({ categories: ['account'] }))));
      const two = await readAll(store, { filter: { categories: ['order', 'accounts'] } });
      assert.deepEqual(ids(two), ids(appended.filter(matches({ categories: ['order', 'accounts'] }))));
    },
  },
  {
    slug: 'types-and-categories-together',
    name: 'types and categories together match events that satisfy both',
    async run({ store }) {
      const appended = await appendMix(store);
      const filter = { types: ['Deposited', 'Withdrawn'], categories: ['account', 'order'] };
      const read = await readAll(store, { filter });
      assert.deepEqual(ids(read), ids(appended.filter(matches(filter))));
      assert.equal(read.length, 16);
    },
  },
  {
    slug: 'by-stream-partition',
    name: 'a partition filter returns the events of the streams whose partitionOf(streamId, count) is index; the partitions of a count share the log out exactly',
    async run({ store }) {
      const appended = await appendMix(store);
      for (const count of [1, 2, 3, 8]) {
        const seen: Array<string | undefined> = [];
        for (let index = 0; index < count; index++) {
          const partition = { index, count };
          const read = await readAll(store, { filter: { partition } });
          assert.deepEqual(ids(read), ids(appended.filter(matches({ partition }))), `partition ${index} of ${count}`);
          seen.push(...ids(read));
        }
        assert.deepEqual(seen.sort(), ids(appended).sort(), `the ${count} partitions together read every event once`);
      }
      // Beside types, after and limit, which counts the partition's events.
      const filter = { types: ['Deposited'], partition: { index: partitionOf('konto-ü', 3), count: 3 } };
      const wanted = appended.filter(matches(filter));
      assert.ok(wanted.length >= 2);
      assert.deepEqual(ids(await readAll(store, { filter, limit: 1 })), ids(wanted.slice(0, 1)));
      assert.deepEqual(ids(await readAll(store, { filter, after: wanted[0]!.position })), ids(wanted.slice(1)));
    },
  },
  {
    slug: 'limit-counts-matching-events',
    name: 'with a filter, limit counts matching events (filtered in the store, not after the page)',
    async run({ store }) {
      const appended = await appendMix(store);
      const filter = { types: ['Withdrawn'], categories: ['order'] };
      const wanted = appended.filter(matches(filter));
      assert.equal(wanted.length, 2);
      assert.deepEqual(ids(await readAll(store, { filter, limit: 1 })), ids(wanted.slice(0, 1)));
      assert.deepEqual(ids(await readAll(store, { filter, limit: 2 })), ids(wanted));
      assert.deepEqual(ids(await readAll(store, { filter, after: wanted[0]!.position, limit: 5 })), ids(wanted.slice(1)));
    },
  },
  {
    slug: 'reads-match-the-model',
    name: 'any after, limit and filter return what the model says (property)',
    async run({ store, propertyRuns }) {
      const fc = fastCheck();
      const appended = await appendMix(store);
      const subset = <T>(values: readonly T[]) => fc.option(fc.subarray([...values], { minLength: 1 }), { nil: undefined });
      const query = fc.record({
        after: fc.integer({ min: -1, max: appended.length - 1 }),
        limit: fc.option(fc.nat({ max: 40 }), { nil: undefined }),
        types: subset(TYPES),
        categories: subset(['account', 'accounts', 'xaccount', 'order', 'none']),
        partition: fc.option(
          fc.integer({ min: 1, max: 5 }).chain((count) => fc.record({ index: fc.integer({ min: 0, max: count - 1 }), count: fc.constant(count) })),
          { nil: undefined },
        ),
      });
      await fc.assert(
        fc.asyncProperty(query, async ({ after, limit, types, categories, partition }) => {
          const filter: EventFilter | undefined = types || categories || partition ? { types, categories, partition } : undefined;
          const wanted = appended.slice(after + 1).filter(filter ? matches(filter) : () => true);
          const read = await readAll(store, { after: after === -1 ? undefined : appended[after]!.position, limit, filter });
          assert.deepEqual(ids(read), ids(limit === undefined ? wanted : wanted.slice(0, limit)));
        }),
        { numRuns: propertyRuns * 5 },
      );
    },
  },
]);
