import assert from 'node:assert/strict';
import type { EventStore } from '../../contract/event-store';
import type { RecordedEvent } from '../../contract/events';
import type { ReadAllOptions } from '../../contract/read';
import { defineTopic } from '../conformance-case';
import { readAll } from '../support/collect';
import { expectError } from '../support/expect-error';
import { sampleEvents, versions } from '../support/sample-events';

/** A log of three streams and three event types, 12 events in 4 appends. */
async function fillLog(store: EventStore): Promise<RecordedEvent[]> {
  await store.append('poll-1', sampleEvents(3, 'Voted'));
  await store.append('poll-2', [...sampleEvents(2, 'Voted'), ...sampleEvents(1, 'Closed')]);
  await store.append('user-1', sampleEvents(3, 'Registered'));
  await store.append('poll-1', [...sampleEvents(2, 'Voted'), ...sampleEvents(1, 'Closed')]);
  return readAll(store);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `readAll({ direction: 'backward' })`, newest first (what a log viewer pages through), and the `occurredFrom` time bound. */
export const backwardReadCases = defineTopic('backward-reads', [
  {
    slug: 'backward-is-forward-reversed',
    name: 'a backward read returns the events a forward read with the same bounds and filter returns, newest first',
    async run({ store }) {
      const log = await fillLog(store);
      const shapes: Array<[string, ReadAllOptions]> = [
        ['no bounds', {}],
        ['after', { after: log[2]!.position }],
        ['upTo', { upTo: log[8]!.position }],
        ['after and upTo', { after: log[1]!.position, upTo: log[9]!.position }],
        ['after = upTo', { after: log[5]!.position, upTo: log[5]!.position }],
        ['a type filter', { filter: { types: ['Voted', 'Closed'] } }],
        ['a category filter with bounds', { after: log[0]!.position, upTo: log[10]!.position, filter: { categories: ['poll'] } }],
        ['both filters', { filter: { categories: ['poll'], types: ['Closed'] } }],
        ['after the last event', { after: log[11]!.position }],
      ];
      for (const [label, options] of shapes) {
        const forward = await readAll(store, options);
        const backward = await readAll(store, { ...options, direction: 'backward' });
        assert.deepEqual(versions(backward), versions(forward).reverse(), label);
      }
      assert.deepEqual(versions(await readAll(store, { direction: 'forward' })), versions(log), "direction: 'forward' is the default order");
    },
  },
  {
    slug: 'backward-limit-keeps-the-newest',
    name: 'with a limit, a backward read returns the newest events of the bounds, newest first',
    async run({ store }) {
      const log = await fillLog(store);
      const reversed = [...log].reverse();
      for (const limit of [1, 2, 5, 12, 50]) {
        assert.deepEqual(versions(await readAll(store, { direction: 'backward', limit })), versions(reversed.slice(0, limit)), `limit ${limit}`);
      }
      assert.deepEqual(
        versions(await readAll(store, { direction: 'backward', upTo: log[6]!.position, limit: 3 })),
        versions([log[6]!, log[5]!, log[4]!]),
        'limit below upTo',
      );
      const voted = reversed.filter((event) => event.type === 'Voted');
      assert.deepEqual(
        versions(await readAll(store, { direction: 'backward', filter: { types: ['Voted'] }, limit: 4 })),
        versions(voted.slice(0, 4)),
        'limit with a filter',
      );
    },
  },
  {
    slug: 'paging-back-visits-each-event-once',
    name: 'paging back with upTo at the oldest event read so far (skipping it) visits every event once, newest first, also past the store page size',
    async run({ store }) {
      await fillLog(store);
      // More events than a store's usual page of rows, so backward paging inside one read is exercised too.
      for (let batch = 0; batch < 6; batch++) await store.append(`bulk-${batch}`, sampleEvents(120, 'Bulk'));
      const log = await readAll(store);
      assert.deepEqual(versions(await readAll(store, { direction: 'backward' })), versions(log).reverse(), 'one long backward read');
      for (const [label, filter] of [
        ['no filter', undefined],
        ['a category', { categories: ['poll'] }],
      ] as const) {
        const expected = log.filter((event) => filter === undefined || event.streamId.startsWith('poll-')).reverse();
        const paged: RecordedEvent[] = [];
        for (let upTo: RecordedEvent['position'] | undefined; ;) {
          const page = await readAll(store, { direction: 'backward', upTo, limit: upTo === undefined ? 5 : 6, filter });
          const fresh = upTo === undefined ? page : page.slice(1);
          if (upTo !== undefined) assert.equal(page[0]?.position, upTo, `${label}: the page starts at upTo`);
          if (fresh.length === 0) break;
          paged.push(...fresh);
          upTo = fresh[fresh.length - 1]!.position;
        }
        assert.deepEqual(versions(paged), versions(expected), `${label}: pages of 5`);
      }
    },
  },
  {
    slug: 'occurred-from-a-time',
    name: 'readAll({ occurredFrom }) returns exactly the events whose occurredAt is at or after that moment, in either direction',
    async run({ store }) {
      await store.append('poll-1', sampleEvents(3, 'Voted'));
      await sleep(25);
      await store.append('poll-2', sampleEvents(2, 'Voted'));
      await sleep(25);
      await store.append('poll-1', sampleEvents(2, 'Closed'));
      const log = await readAll(store);
      const [early, middle, late] = [log[0]!.occurredAt, log[3]!.occurredAt, log[5]!.occurredAt];
      assert.ok(early < middle && middle < late, 'appends 25 ms apart have increasing times');
      for (const bound of [early, middle, late, new Date(middle.getTime() + 1), new Date(late.getTime() + 1)]) {
        const expected = log.filter((event) => event.occurredAt.getTime() >= bound.getTime());
        assert.deepEqual(versions(await readAll(store, { occurredFrom: bound })), versions(expected), `occurredFrom ${bound.toISOString()}`);
        assert.deepEqual(
          versions(await readAll(store, { occurredFrom: bound, direction: 'backward' })),
          versions(expected).reverse(),
          `backward, occurredFrom ${bound.toISOString()}`,
        );
      }
      assert.deepEqual(
        versions(await readAll(store, { occurredFrom: middle, occurredBefore: late })),
        versions(log.slice(3, 5)),
        'a window: the second append',
      );
      assert.deepEqual(
        versions(await readAll(store, { occurredFrom: middle, direction: 'backward', limit: 1 })),
        versions([log[6]!]),
        'the newest event of a window',
      );
    },
  },
  {
    slug: 'bad-direction-and-occurred-from-are-refused',
    name: 'a direction other than forward or backward, or an occurredFrom that is not a valid Date, is refused with InvalidInputError',
    async run({ store }) {
      await fillLog(store);
      const bad: Array<[string, Record<string, unknown>]> = [
        ['direction', { direction: 'reverse' }],
        ['direction', { direction: -1 }],
        ['direction', { direction: null }],
        ['occurredFrom', { occurredFrom: '2024-01-01' }],
        ['occurredFrom', { occurredFrom: new Date(Number.NaN) }],
        ['occurredFrom', { occurredFrom: null }],
      ];
      for (const [argument, options] of bad) {
        const error = await expectError(() => readAll(store, options), 'INVALID_INPUT', `readAll(${JSON.stringify(options)})`);
        assert.equal(error.argument, argument, `the error names ${argument}`);
      }
    },
  },
]);
