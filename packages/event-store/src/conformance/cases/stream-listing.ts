import assert from 'node:assert/strict';
import type { EventStore } from '../../contract/event-store';
import { compareStreamIds, type ListStreamsOptions, type StreamInfo } from '../../contract/stream-listing';
import { defineTopic } from '../conformance-case';
import { expectError } from '../support/expect-error';
import { collectAll, withMethod } from '../support/optional-methods';
import { sampleEvents } from '../support/sample-events';

const TOPIC = 'stream-listing';

async function list(store: EventStore, options?: ListStreamsOptions): Promise<StreamInfo[]> {
  return collectAll(withMethod(store, 'listStreams', TOPIC).listStreams(options));
}

const idsOf = (streams: readonly StreamInfo[]): string[] => streams.map((stream) => stream.streamId);

// Ids whose orders disagree: by code point (the contract), by UTF-16 code unit (JavaScript's `<`:
// the emoji's surrogates sort before U+FFFD) and by a linguistic collation ('B' after 'a', '_' and
// '-' ignored): a store that sorts any other way, or pages in another order, is caught.
const AWKWARD_IDS = ['a-1', 'B-1', '_-1', 'a-\uFFFD', 'a-\u{1F600}', 'a-10', 'a-1-x', 'a', 'a!', 'Ä-1', 'ab'];

/** Listing streams: their ids in one order, each with its version and last event time, paged by id. */
export const streamListingCases = defineTopic(TOPIC, [
  {
    slug: 'streams-in-code-point-order-with-version-and-time',
    name: 'listStreams returns every stream once, in code point order of its id, with its version and the time of its last event',
    async run({ store }) {
      const lastEvents = new Map<string, Date>();
      for (const [index, streamId] of AWKWARD_IDS.entries()) {
        const result = await store.append(streamId, sampleEvents((index % 3) + 1));
        lastEvents.set(streamId, result.events[result.events.length - 1]!.occurredAt);
      }
      const more = await store.append('a-1', sampleEvents(2));
      lastEvents.set('a-1', more.events[1]!.occurredAt);
      const streams = await list(store);
      assert.deepEqual(idsOf(streams), [...AWKWARD_IDS].sort(compareStreamIds), 'every stream once, by code point');
      for (const [index, stream] of streams.entries()) {
        const expectedVersion = stream.streamId === 'a-1' ? 3 : (AWKWARD_IDS.indexOf(stream.streamId) % 3) + 1;
        assert.equal(stream.version, expectedVersion, `the version of ${stream.streamId}`);
        assert.ok(stream.lastEventAt instanceof Date, `lastEventAt of ${stream.streamId} is a Date`);
        assert.equal(
          stream.lastEventAt.getTime(),
          lastEvents.get(stream.streamId)!.getTime(),
          `lastEventAt of ${stream.streamId} is its last event's occurredAt`,
        );
        assert.equal(stream.deleted, false, `stream ${index} is not deleted`);
      }
    },
  },
  {
    slug: 'category-and-prefix-select-streams',
    name: "category matches the part of the id before the first '-' exactly; prefix matches the start of the id; both together match both",
    async run({ store }) {
      const ids = ['account', 'account-1', 'account-10', 'accountant-1', 'accounts-1', 'user-1-piece-1', 'user-1-piece-2', 'user-10-piece-1', 'user-1'];
      for (const streamId of ids) await store.append(streamId, sampleEvents(1));
      assert.deepEqual(idsOf(await list(store, { category: 'account' })), ['account', 'account-1', 'account-10']);
      assert.deepEqual(idsOf(await list(store, { prefix: 'user-1-' })), ['user-1-piece-1', 'user-1-piece-2']);
      assert.deepEqual(idsOf(await list(store, { prefix: 'account-1' })), ['account-1', 'account-10']);
      assert.deepEqual(idsOf(await list(store, { category: 'user', prefix: 'user-1' })), ['user-1', 'user-1-piece-1', 'user-1-piece-2', 'user-10-piece-1']);
      assert.deepEqual(idsOf(await list(store, { category: 'accounts', prefix: 'account-' })), []);
      assert.deepEqual(idsOf(await list(store, { category: 'nothing' })), []);
      assert.deepEqual(idsOf(await list(store, { prefix: 'account', limit: 2 })), ['account', 'account-1'], 'limit counts matching streams');
    },
  },
  {
    slug: 'paging-by-after-visits-every-stream-once',
    name: 'paging with after (the last id of the page) and limit visits every stream exactly once, in order; after need not be a stream',
    async run({ store }) {
      const ids = [...AWKWARD_IDS, ...Array.from({ length: 14 }, (_, index) => `piece-${index}`)];
      for (const streamId of ids) await store.append(streamId, sampleEvents(1));
      const expected = [...ids].sort(compareStreamIds);
      for (const limit of [1, 3, 7]) {
        const visited: string[] = [];
        let after: string | undefined;
        for (let page = 0; page < 100; page++) {
          const streams = await list(store, { after, limit });
          assert.ok(streams.length <= limit, `a page holds at most ${limit} streams`);
          if (streams.length === 0) break;
          visited.push(...idsOf(streams));
          after = streams[streams.length - 1]!.streamId;
        }
        assert.deepEqual(visited, expected, `pages of ${limit}`);
      }
      assert.deepEqual(idsOf(await list(store, { after: 'a-0', limit: 2 })), ['a-1', 'a-1-x'], 'after an id that is no stream');
      assert.deepEqual(idsOf(await list(store, { after: 'piece-1', prefix: 'piece-1' })), ['piece-10', 'piece-11', 'piece-12', 'piece-13']);
      assert.deepEqual(await list(store, { limit: 0 }), []);
    },
  },
  {
    slug: 'deleted-streams-only-when-asked',
    name: 'deleted streams are left out, and listed with deleted: true and their last version under includeDeleted',
    async run({ store }) {
      for (const streamId of ['doc-1', 'doc-2', 'doc-3']) await store.append(streamId, sampleEvents(2));
      await store.deleteStream('doc-2', { reason: 'test' });
      assert.deepEqual(idsOf(await list(store)), ['doc-1', 'doc-3']);
      assert.deepEqual(idsOf(await list(store, { limit: 2 })), ['doc-1', 'doc-3'], 'a left-out stream does not count against the limit');
      const all = await list(store, { includeDeleted: true });
      assert.deepEqual(
        all.map((stream) => [stream.streamId, stream.version, stream.deleted]),
        [
          ['doc-1', 2, false],
          ['doc-2', 2, true],
          ['doc-3', 2, false],
        ],
      );
    },
  },
  {
    slug: 'bad-options-are-refused',
    name: 'listStreams refuses bad options with InvalidInputError before reading',
    async run({ store }) {
      await store.append('doc-1', sampleEvents(1));
      const cases: Array<[unknown, string]> = [
        [{ limit: -1 }, 'limit'],
        [{ prefix: '' }, 'prefix'],
        [{ category: 7 }, 'category'],
        [{ after: ' doc' }, 'after'],
        [{ includeDeleted: 'yes' }, 'includeDeleted'],
        ['doc', 'options'],
      ];
      for (const [options, argument] of cases) {
        const error = await expectError(() => list(store, options as ListStreamsOptions), 'INVALID_INPUT', `listStreams(${JSON.stringify(options)})`);
        assert.equal(error.argument, argument, `the argument named for ${JSON.stringify(options)}`);
      }
    },
  },
]);
