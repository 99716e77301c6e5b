import assert from 'node:assert/strict';
import type { RecordedEvent } from '../../contract/events';
import type { ReadDirection } from '../../contract/read';
import { defineTopic } from '../conformance-case';
import { readAll, readStream } from '../support/collect';
import { fastCheck } from '../support/optional-peers';
import { comparable, ids, sampleEvents, uniqueSuffix } from '../support/sample-events';

const versionsOf = (events: ReadonlyArray<{ version: number }>): number[] => events.map((event) => event.version);
const range = (from: number, to: number): number[] =>
  from <= to ? Array.from({ length: to - from + 1 }, (_, index) => from + index) : Array.from({ length: from - to + 1 }, (_, index) => from - index);

/** What readStream must return for a stream of `length` events: the model the property checks against. */
function expectedVersions(length: number, direction: ReadDirection, fromVersion: number | undefined, limit: number | undefined): number[] {
  const start = direction === 'forward' ? Math.max(fromVersion ?? 1, 1) : Math.min(fromVersion ?? length, length);
  const all: number[] = [];
  for (let version = start; version >= 1 && version <= length; version += direction === 'forward' ? 1 : -1) all.push(version);
  return limit === undefined ? all : all.slice(0, limit);
}

/** Reading one stream: directions, starting versions, limits, and what each event carries. */
export const readCases = defineTopic('reads', [
  {
    slug: 'forward-and-backward',
    name: 'readStream reads in version order forward (the default) and in reverse backward',
    async run({ store }) {
      await store.append('account-1', sampleEvents(3));
      await store.append('account-2', sampleEvents(2));
      await store.append('account-1', sampleEvents(2));
      assert.deepEqual(versionsOf(await readStream(store, 'account-1')), [1, 2, 3, 4, 5]);
      assert.deepEqual(versionsOf(await readStream(store, 'account-1', { direction: 'forward' })), [1, 2, 3, 4, 5]);
      assert.deepEqual(versionsOf(await readStream(store, 'account-1', { direction: 'backward' })), [5, 4, 3, 2, 1]);
      assert.ok(
        (await readStream(store, 'account-1')).every((event) => event.streamId === 'account-1'),
        'only the stream read',
      );
    },
  },
  {
    slug: 'from-version-is-inclusive',
    name: 'fromVersion is the first version returned, in both directions',
    async run({ store }) {
      await store.append('account-1', sampleEvents(6));
      assert.deepEqual(versionsOf(await readStream(store, 'account-1', { fromVersion: 4 })), [4, 5, 6]);
      assert.deepEqual(versionsOf(await readStream(store, 'account-1', { fromVersion: 4, direction: 'backward' })), [4, 3, 2, 1]);
      assert.deepEqual(versionsOf(await readStream(store, 'account-1', { fromVersion: 6 })), [6]);
      assert.deepEqual(versionsOf(await readStream(store, 'account-1', { fromVersion: 1, direction: 'backward' })), [1]);
    },
  },
  {
    slug: 'limit-caps-the-read',
    name: 'limit returns at most n events from where the read starts; 0 returns none',
    async run({ store }) {
      await store.append('account-1', sampleEvents(6));
      assert.deepEqual(versionsOf(await readStream(store, 'account-1', { limit: 2 })), [1, 2]);
      assert.deepEqual(versionsOf(await readStream(store, 'account-1', { limit: 2, direction: 'backward' })), [6, 5]);
      assert.deepEqual(versionsOf(await readStream(store, 'account-1', { limit: 2, fromVersion: 3 })), [3, 4]);
      assert.deepEqual(versionsOf(await readStream(store, 'account-1', { limit: 3, fromVersion: 2, direction: 'backward' })), [2, 1]);
      assert.deepEqual(await readStream(store, 'account-1', { limit: 0 }), []);
      assert.deepEqual(versionsOf(await readStream(store, 'account-1', { limit: 100 })), [1, 2, 3, 4, 5, 6]);
    },
  },
  {
    slug: 'reads-beyond-the-stream',
    name: 'a missing stream reads empty; forward past the end is empty; backward past the end starts at the last event',
    async run({ store }) {
      assert.deepEqual(await readStream(store, 'account-404'), []);
      assert.deepEqual(await readStream(store, 'account-404', { direction: 'backward' }), []);
      await store.append('account-1', sampleEvents(3));
      assert.deepEqual(await readStream(store, 'account-1', { fromVersion: 4 }), []);
      assert.deepEqual(versionsOf(await readStream(store, 'account-1', { fromVersion: 10, direction: 'backward' })), [3, 2, 1]);
    },
  },
  {
    slug: 'events-carry-their-fields',
    name: 'recorded events carry type, data, ids, schema version, causation, correlation, metadata and occurredAt',
    async run({ store }) {
      const before = Date.now();
      await store.append('account-1', [
        { type: 'Opened', data: { owner: 'Ada' }, eventId: 'evt-opened-1' },
        {
          type: 'Deposited',
          data: { amount: 10 },
          schemaVersion: 3,
          causationId: 'cmd-9',
          correlationId: 'conv-4',
          metadata: { commandId: 'cmd-9', user: { id: 'u1', roles: ['teller'] } },
        },
      ]);
      const after = Date.now();
      const [opened, deposited] = await readStream(store, 'account-1');
      assert.ok(opened && deposited);
      assert.deepEqual(
        { type: opened.type, data: opened.data, eventId: opened.eventId, schemaVersion: opened.schemaVersion },
        { type: 'Opened', data: { owner: 'Ada' }, eventId: 'evt-opened-1', schemaVersion: 1 },
      );
      assert.equal(opened.causationId, null, 'no causation reads as null');
      assert.equal(opened.correlationId, null, 'no correlation reads as null');
      assert.deepEqual(opened.metadata, {}, 'no metadata reads as {}');
      assert.equal(deposited.schemaVersion, 3);
      assert.equal(deposited.causationId, 'cmd-9');
      assert.equal(deposited.correlationId, 'conv-4');
      assert.deepEqual(deposited.metadata, { commandId: 'cmd-9', user: { id: 'u1', roles: ['teller'] } });
      assert.equal(typeof deposited.eventId, 'string', 'an event id is generated when none is given');
      assert.ok(deposited.eventId.length > 0);
      for (const event of [opened, deposited]) {
        assert.ok(event.occurredAt instanceof Date && !Number.isNaN(event.occurredAt.getTime()), 'occurredAt is a valid Date');
        // A database clock may differ a little from this process's.
        assert.ok(Math.abs(event.occurredAt.getTime() - (before + after) / 2) < 60_000, `occurredAt ${event.occurredAt.toISOString()} is about now`);
      }
    },
  },
  {
    slug: 'reads-agree-with-the-log',
    name: 'a stream read returns the same events, positions and all, as the global log',
    async run({ store }) {
      for (let index = 0; index < 6; index++) await store.append(`account-${index % 2}`, sampleEvents(2));
      const log = await readAll(store);
      for (const streamId of ['account-0', 'account-1']) {
        assert.deepEqual((await readStream(store, streamId)).map(comparable), log.filter((event) => event.streamId === streamId).map(comparable));
      }
    },
  },
  {
    slug: 'a-long-stream-reads-whole',
    name: 'a stream of 1,234 events reads whole and in order in both directions, and from the middle',
    async run({ store }) {
      let version = 0;
      while (version < 1234) {
        const size = Math.min(100, 1234 - version);
        await store.append('ledger-1', sampleEvents(size, 'Posted'), { expectedVersion: version });
        version += size;
      }
      assert.deepEqual(versionsOf(await readStream(store, 'ledger-1')), range(1, 1234));
      assert.deepEqual(versionsOf(await readStream(store, 'ledger-1', { direction: 'backward' })), range(1234, 1));
      assert.deepEqual(versionsOf(await readStream(store, 'ledger-1', { fromVersion: 600, limit: 700 })), range(600, 1234));
      assert.deepEqual(versionsOf(await readStream(store, 'ledger-1', { fromVersion: 700, limit: 650, direction: 'backward' })), range(700, 51));
    },
  },
  {
    slug: 'stopping-early-leaves-the-store-usable',
    name: 'a read abandoned after a few events (break) or two interleaved reads leave the store usable',
    async run({ store }) {
      await store.append('account-1', sampleEvents(50));
      for await (const event of store.readStream('account-1')) {
        if (event.version === 2) break;
      }
      for await (const event of store.readAll()) {
        if (event.version === 3) break;
      }
      const first: AsyncIterator<RecordedEvent> = store.readStream('account-1')[Symbol.asyncIterator]();
      const second: AsyncIterator<RecordedEvent> = store.readStream('account-1', { direction: 'backward' })[Symbol.asyncIterator]();
      assert.equal(((await first.next()).value as RecordedEvent | undefined)?.version, 1);
      assert.equal(((await second.next()).value as RecordedEvent | undefined)?.version, 50);
      assert.equal(((await first.next()).value as RecordedEvent | undefined)?.version, 2);
      assert.equal(((await second.next()).value as RecordedEvent | undefined)?.version, 49);
      await first.return?.();
      await second.return?.();
      await store.append('account-1', sampleEvents(1), { expectedVersion: 50 });
      assert.equal((await readStream(store, 'account-1')).length, 51);
    },
  },
  {
    slug: 'reads-match-the-model',
    name: 'any direction, fromVersion and limit return what the model says (property)',
    async run({ store, propertyRuns }) {
      const fc = fastCheck();
      const query = fc.record({
        direction: fc.constantFrom<ReadDirection>('forward', 'backward'),
        fromVersion: fc.option(fc.nat({ max: 30 }), { nil: undefined }),
        limit: fc.option(fc.nat({ max: 30 }), { nil: undefined }),
      });
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: 25 }), fc.array(query, { minLength: 1, maxLength: 6 }), async (length, queries) => {
          const streamId = `model${uniqueSuffix()}-1`;
          const appended = length === 0 ? [] : (await store.append(streamId, sampleEvents(length))).events;
          for (const { direction, fromVersion, limit } of queries) {
            const read = await readStream(store, streamId, { direction, fromVersion, limit });
            const wanted = expectedVersions(length, direction, fromVersion, limit);
            assert.deepEqual(versionsOf(read), wanted, `${direction} from ${String(fromVersion)} limit ${String(limit)} of ${length} events`);
            assert.deepEqual(
              ids(read),
              wanted.map((version) => appended[version - 1]!.eventId),
            );
          }
        }),
        { numRuns: propertyRuns },
      );
    },
  },
]);
