import assert from 'node:assert/strict';
import type { EventStore } from '../../contract/event-store';
import type { RecordedEvent } from '../../contract/events';
import { defineTopic } from '../conformance-case';
import { readAll } from '../support/collect';
import { expectError } from '../support/expect-error';
import { ids, sampleEvents, versions } from '../support/sample-events';

/** A log of three streams and two event types, 12 events in 4 appends. */
async function fillLog(store: EventStore): Promise<RecordedEvent[]> {
  await store.append('poll-1', sampleEvents(3, 'Voted'));
  await store.append('poll-2', [...sampleEvents(2, 'Voted'), ...sampleEvents(1, 'Closed')]);
  await store.append('user-1', sampleEvents(3, 'Registered'));
  await store.append('poll-1', [...sampleEvents(2, 'Voted'), ...sampleEvents(1, 'Closed')]);
  return readAll(store);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `readAll` bounded above: by a position (`upTo`, inclusive) and by a time (`occurredBefore`, exclusive). */
export const asOfReadCases = defineTopic('as-of-reads', [
  {
    slug: 'up-to-a-position-is-inclusive',
    name: 'readAll({ upTo }) returns the log up to and including that position, for every position of the log',
    async run({ store }) {
      const log = await fillLog(store);
      for (const [index, event] of log.entries()) {
        assert.deepEqual(versions(await readAll(store, { upTo: event.position })), versions(log.slice(0, index + 1)), `upTo the event at log index ${index}`);
      }
    },
  },
  {
    slug: 'up-to-combines-with-after-filter-and-limit',
    name: 'upTo bounds reads that also have after, a filter and a limit, and paging up to it visits each event once',
    async run({ store }) {
      const log = await fillLog(store);
      const upTo = log[9]!.position;
      const prefix = log.slice(0, 10);
      assert.deepEqual(versions(await readAll(store, { after: log[2]!.position, upTo })), versions(prefix.slice(3)), 'after and upTo');
      assert.deepEqual(versions(await readAll(store, { after: upTo, upTo })), [], 'after = upTo reads nothing');
      assert.deepEqual(versions(await readAll(store, { after: log[10]!.position, upTo })), [], 'after beyond upTo reads nothing');
      assert.deepEqual(
        versions(await readAll(store, { upTo, filter: { types: ['Voted'] } })),
        versions(prefix.filter((event) => event.type === 'Voted')),
        'a type filter',
      );
      assert.deepEqual(
        versions(await readAll(store, { upTo, filter: { categories: ['poll'] }, limit: 3 })),
        versions(prefix.filter((event) => event.streamId.startsWith('poll-')).slice(0, 3)),
        'a category filter with a limit',
      );
      const paged: RecordedEvent[] = [];
      for (let after: RecordedEvent['position'] | undefined; ;) {
        const page = await readAll(store, { after, upTo, limit: 3 });
        if (page.length === 0) break;
        paged.push(...page);
        after = page[page.length - 1]!.position;
      }
      assert.deepEqual(versions(paged), versions(prefix), 'pages of 3 up to the bound');
    },
  },
  {
    slug: 'up-to-leaves-later-appends-out',
    name: 'events appended after the upTo position are not returned',
    async run({ store }) {
      const log = await fillLog(store);
      const head = await store.headPosition();
      await store.append('poll-3', sampleEvents(2, 'Voted'));
      assert.deepEqual(versions(await readAll(store, { upTo: head! })), versions(log));
      assert.equal((await readAll(store)).length, log.length + 2);
    },
  },
  {
    slug: 'occurred-before-a-time',
    name: 'readAll({ occurredBefore }) returns, in log order, exactly the events whose occurredAt is before that moment',
    async run({ store }) {
      await store.append('poll-1', sampleEvents(3, 'Voted'));
      // Times come from the store's clock (on a database, the server's), so bounds are taken from recorded events.
      await sleep(25);
      await store.append('poll-2', sampleEvents(2, 'Voted'));
      await sleep(25);
      await store.append('poll-1', sampleEvents(2, 'Closed'));
      const log = await readAll(store);
      const [early, middle, late] = [log[0]!.occurredAt, log[3]!.occurredAt, log[5]!.occurredAt];
      assert.ok(
        early < middle && middle < late,
        `appends 25 ms apart have increasing times (${early.toISOString()}, ${middle.toISOString()}, ${late.toISOString()})`,
      );
      for (const bound of [early, middle, late, new Date(middle.getTime() + 1), new Date(late.getTime() + 1)]) {
        const expected = log.filter((event) => event.occurredAt.getTime() < bound.getTime());
        assert.deepEqual(versions(await readAll(store, { occurredBefore: bound })), versions(expected), `occurredBefore ${bound.toISOString()}`);
      }
      assert.deepEqual(versions(await readAll(store, { occurredBefore: middle })), versions(log.slice(0, 3)), 'before the second append: the first');
      assert.deepEqual(versions(await readAll(store, { occurredBefore: new Date('0001-01-01T00:00:00Z') })), [], 'before year 1: nothing');
      assert.deepEqual(versions(await readAll(store, { occurredBefore: new Date('9999-12-31T00:00:00Z') })), versions(log), 'before year 9999: everything');
      assert.deepEqual(
        versions(await readAll(store, { occurredBefore: late, filter: { categories: ['poll'] }, after: log[1]!.position, upTo: log[3]!.position, limit: 10 })),
        versions(log.slice(2, 4)),
        'with a filter, after and upTo',
      );
      assert.deepEqual(versions(await readAll(store, { occurredBefore: late, limit: 4 })), versions(log.slice(0, 4)), 'with a limit');
    },
  },
  {
    slug: 'bad-bounds-are-refused',
    name: 'an upTo that is not a position of the store, or an occurredBefore that is not a valid Date in the years 1 to 9999, is refused with InvalidInputError',
    async run({ store }) {
      await fillLog(store);
      const bad: Array<[string, Record<string, unknown>]> = [
        ['upTo', { upTo: 'not a position' }],
        ['upTo', { upTo: 42 }],
        ['occurredBefore', { occurredBefore: '2024-01-01' }],
        ['occurredBefore', { occurredBefore: Date.now() }],
        ['occurredBefore', { occurredBefore: new Date(Number.NaN) }],
        ['occurredBefore', { occurredBefore: new Date('+010000-01-01T00:00:00Z') }],
        ['occurredBefore', { occurredBefore: null }],
      ];
      for (const [argument, options] of bad) {
        const error = await expectError(() => readAll(store, options), 'INVALID_INPUT', `readAll(${JSON.stringify(options)})`);
        assert.equal(error.argument, argument, `the error names ${argument}`);
      }
      assert.equal(ids(await readAll(store)).length, 12);
    },
  },
]);
