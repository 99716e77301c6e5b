import assert from 'node:assert/strict';
import type { AppendResult } from '../../contract/append';
import type { EventStore } from '../../contract/event-store';
import type { RecordedEvent } from '../../contract/events';
import { startMarkerOf } from '../../contract/start-marker';
import { defineTopic } from '../conformance-case';
import { readAll } from '../support/collect';
import { ids, sampleEvents, versions } from '../support/sample-events';

/** Sequential appends over three streams; the order the global log must show. */
async function appendAcrossStreams(store: EventStore): Promise<{ results: AppendResult[]; appended: RecordedEvent[] }> {
  const plan: Array<[string, number]> = [
    ['account-1', 2],
    ['account-2', 1],
    ['account-1', 1],
    ['order-1', 3],
    ['account-2', 2],
    ['account-1', 1],
  ];
  const results: AppendResult[] = [];
  for (const [streamId, count] of plan) results.push(await store.append(streamId, sampleEvents(count, 'Logged')));
  return { results, appended: results.flatMap((result) => result.events) };
}

/** The global log: one order over all streams, positions that follow it, and the head. */
export const globalLogCases = defineTopic('global-log', [
  {
    slug: 'an-empty-store-has-an-empty-log',
    name: 'an empty store reads an empty log and has no head',
    async run({ store }) {
      assert.deepEqual(await readAll(store), []);
      assert.equal(await store.headPosition(), null);
    },
  },
  {
    slug: 'the-log-is-in-append-order',
    name: 'readAll returns every event of every stream in the order the appends happened',
    async run({ store }) {
      const { appended } = await appendAcrossStreams(store);
      const log = await readAll(store);
      assert.deepEqual(versions(log), versions(appended));
      assert.deepEqual(ids(log), ids(appended));
    },
  },
  {
    slug: 'positions-follow-the-log',
    name: 'positions strictly increase along the log under comparePositions, which is a total order',
    async run({ store }) {
      await appendAcrossStreams(store);
      const positions = (await readAll(store)).map((event) => event.position);
      assert.equal(new Set(positions).size, positions.length, 'positions are distinct');
      for (let i = 0; i < positions.length; i++) {
        for (let j = 0; j < positions.length; j++) {
          const order = Math.sign(store.comparePositions(positions[i]!, positions[j]!));
          assert.equal(order, Math.sign(i - j), `comparePositions(#${i}, #${j}) must be ${Math.sign(i - j)}, got ${order}`);
        }
      }
    },
  },
  {
    slug: 'read-positions-are-the-appended-positions',
    name: 'each event read from the log has the position its append returned',
    async run({ store }) {
      const { results, appended } = await appendAcrossStreams(store);
      const log = await readAll(store);
      assert.deepEqual(
        log.map((event) => event.position),
        appended.map((event) => event.position),
      );
      for (const result of results) assert.equal(result.position, result.events[result.events.length - 1]!.position);
    },
  },
  {
    slug: 'the-head-is-the-last-position',
    name: 'headPosition is the position of the last event, and reading after it returns nothing',
    async run({ store }) {
      const { appended } = await appendAcrossStreams(store);
      const head = await store.headPosition();
      assert.equal(head, appended[appended.length - 1]!.position);
      assert.deepEqual(await readAll(store, { after: head! }), []);
      const next = await store.append('account-3', sampleEvents(1));
      assert.equal(await store.headPosition(), next.position, 'the head moves with each append');
    },
  },
  {
    slug: 'after-reads-strictly-after',
    name: 'readAll({ after }) returns exactly the events strictly after that position',
    async run({ store }) {
      const { appended } = await appendAcrossStreams(store);
      for (const cut of [0, 3, appended.length - 2, appended.length - 1]) {
        const after = appended[cut]!.position;
        assert.deepEqual(ids(await readAll(store, { after })), ids(appended.slice(cut + 1)), `after event #${cut}`);
      }
    },
  },
  {
    slug: 'limit-caps-the-read',
    name: 'readAll({ limit }) returns the first n events (0 returns none), also together with after',
    async run({ store }) {
      const { appended } = await appendAcrossStreams(store);
      assert.deepEqual(await readAll(store, { limit: 0 }), []);
      assert.deepEqual(ids(await readAll(store, { limit: 1 })), ids(appended.slice(0, 1)));
      assert.deepEqual(ids(await readAll(store, { limit: 4 })), ids(appended.slice(0, 4)));
      assert.deepEqual(ids(await readAll(store, { limit: 1000 })), ids(appended));
      assert.deepEqual(ids(await readAll(store, { after: appended[2]!.position, limit: 3 })), ids(appended.slice(3, 6)));
    },
  },
  {
    slug: 'paging-by-position-visits-every-event-once',
    name: 'paging through a long log with after + limit visits every event once, in order',
    async run({ store }) {
      const appended: RecordedEvent[] = [];
      for (let batch = 0; batch < 12; batch++) appended.push(...(await store.append(`page-${batch % 5}`, sampleEvents(101, 'Paged'))).events);
      const seen: RecordedEvent[] = [];
      for (;;) {
        const page = await readAll(store, { after: seen[seen.length - 1]?.position, limit: 250 });
        if (page.length === 0) break;
        seen.push(...page);
      }
      assert.equal(seen.length, appended.length);
      assert.deepEqual(ids(seen), ids(appended));
      assert.deepEqual(ids(await readAll(store)), ids(appended), 'an unlimited read returns the same');
    },
  },
  {
    slug: 'a-start-marker-reads-exactly-what-came-after-it',
    name: 'a start marker: reads with it return exactly the events appended after it was taken',
    async run({ store }) {
      await appendAcrossStreams(store);
      const marker = await startMarkerOf(store);
      assert.equal(marker.position, await store.headPosition(), 'with no append in flight, the marker is at the head');
      // A marker is plain JSON: it survives being persisted and read back.
      const restored = JSON.parse(JSON.stringify(marker)) as typeof marker;
      const later = [
        ...(await store.append('account-1', sampleEvents(2, 'Later'))).events,
        ...(await store.append('order-2', sampleEvents(1, 'Later'))).events,
      ];
      const read = await readAll(store, { after: restored.position ?? undefined, startedAt: restored });
      assert.deepEqual(ids(read), ids(later));
    },
  },
  {
    slug: 'a-start-marker-leaves-out-what-the-store-says-it-does',
    name: 'excludedByMarker (optional): true for every event a read with the marker leaves out, false for every one it returns',
    async run({ store }) {
      if (!store.excludedByMarker) return;
      const { appended: history } = await appendAcrossStreams(store);
      const marker = JSON.parse(JSON.stringify(await startMarkerOf(store))) as Awaited<ReturnType<typeof startMarkerOf>>;
      const later = (await store.append('account-1', sampleEvents(3, 'Later'))).events;
      const withMarker = new Set(ids(await readAll(store, { startedAt: marker })));
      for (const event of await readAll(store)) {
        assert.equal(store.excludedByMarker(event.position, marker), !withMarker.has(event.eventId), `event ${event.eventId} (${event.type})`);
      }
      assert.ok(history.length > 0 && later.every((event) => withMarker.has(event.eventId)), 'the events after the marker are read with it');
    },
  },
]);
