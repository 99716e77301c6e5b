import assert from 'node:assert/strict';
import type { JsonValue, RecordedEvent } from '../../contract/events';
import { defineTopic } from '../conformance-case';
import { readAll, readStream } from '../support/collect';

/**
 * Keys in an order no sorting produces (not by length, not by code unit, not by UTF-8 bytes),
 * nested, with keys that differ only in case, in normalisation (NFC é vs NFD e + U+0301) or by
 * characters outside the BMP. Integer-like keys come first in every JS object whatever the
 * order of insertion, so the order to keep is the one `Object.keys` gives.
 */
const ORDERED: JsonValue = {
  zeta: 1,
  b: { 'z-last-alphabetically-first-here': true, a: [{ y: 1, x: 2, w: { c: 3, bb: 2, a: 1 } }], mm: null },
  aa: 'two letters after one',
  a: 'one letter after two',
  B: 'upper case after lower case',
  '\u00e9': 'NFC',
  'e\u0301': 'NFD',
  日本語: 'CJK',
  '🙂': 'astral',
  ß: 'sharp s',
  '': 'the empty key, last',
  '10': 'integer-like',
  '2': 'integer-like',
  a10: 'not integer-like',
  '-1': 'not integer-like either',
};

/** Numbers whose JSON text differs from a database's canonical form of them. */
const NUMBERS: JsonValue = {
  onePointZero: 1.0,
  big: 1e21,
  bigger: 1.7976931348623157e308,
  tiny: 5e-324,
  small: 1e-7,
  third: 1 / 3,
  sum: 0.1 + 0.2,
  negative: -123.456e-10,
  safe: Number.MAX_SAFE_INTEGER,
  unsafe: 2 ** 60,
  list: [1.5e300, -0.0000001, 100, 1e2],
};

/** The JSON text of a value: equal texts mean equal values *and* equal key order at every level. */
const text = (value: unknown): string => JSON.stringify(value);

function assertSameText(events: readonly RecordedEvent[], expected: { data: JsonValue; metadata: JsonValue }, where: string): void {
  assert.equal(events.length, 1, where);
  assert.equal(text(events[0]!.data), text(expected.data), `${where}: data comes back with its keys in the order appended`);
  assert.equal(text(events[0]!.metadata), text(expected.metadata), `${where}: metadata comes back with its keys in the order appended`);
}

/** Data comes back exactly as appended: key order at every depth, numbers, Unicode keys. */
export const dataFidelityCases = defineTopic('data-fidelity', [
  {
    slug: 'key-order-round-trips-at-every-depth',
    name: 'object keys of data and metadata come back in the order appended, at every depth, through appends, stream reads and log reads',
    async run({ store }) {
      const metadata = { z: 1, commandId: 'cmd-1', a: { y: 2, b: 1 } };
      const result = await store.append('orders-1', [{ type: 'Ordered', data: ORDERED, metadata }]);
      const expected = { data: ORDERED, metadata };
      assertSameText(result.events, expected, 'the append result');
      assertSameText(await readStream(store, 'orders-1'), expected, 'readStream');
      assertSameText(await readStream(store, 'orders-1', { direction: 'backward' }), expected, 'readStream backward');
      assertSameText(await readAll(store), expected, 'readAll');
      assertSameText(await readAll(store, { filter: { types: ['Ordered'] } }), expected, 'readAll with a filter');
    },
  },
  {
    slug: 'reversed-key-orders-stay-distinct',
    name: 'two events with the same keys in opposite orders each come back in their own order',
    async run({ store }) {
      const forward = { alpha: 1, beta: { one: 1, two: 2 }, gamma: 3 };
      const backward = { gamma: 3, beta: { two: 2, one: 1 }, alpha: 1 };
      await store.append('orders-1', [
        { type: 'Forward', data: forward },
        { type: 'Backward', data: backward },
      ]);
      const [first, second] = await readStream(store, 'orders-1');
      assert.equal(text(first!.data), text(forward));
      assert.equal(text(second!.data), text(backward));
    },
  },
  {
    slug: 'numbers-round-trip-as-the-same-numbers',
    name: 'numbers (1.0, 1e21, 5e-324, 0.1 + 0.2, 2^60...) come back as the same JS numbers; -0 comes back as 0, as JSON has no negative zero',
    async run({ store }) {
      await store.append('numbers-1', [
        { type: 'Numbers', data: NUMBERS },
        { type: 'NegativeZero', data: { zero: -0, list: [-0] } },
        { type: 'Scalar', data: 1e21 },
      ]);
      for (const events of [await readStream(store, 'numbers-1'), await readAll(store)]) {
        const [numbers, zero, scalar] = events;
        assert.equal(text(numbers!.data), text(NUMBERS), 'every number, in order');
        for (const [key, value] of Object.entries(NUMBERS as Record<string, JsonValue>)) {
          assert.deepEqual((numbers!.data as Record<string, JsonValue>)[key], value, `data.${key}`);
        }
        const zeros = zero!.data as { zero: number; list: number[] };
        assert.ok(Object.is(zeros.zero, 0) && Object.is(zeros.list[0], 0), 'negative zero comes back as 0');
        assert.equal(scalar!.data, 1e21);
      }
    },
  },
]);
