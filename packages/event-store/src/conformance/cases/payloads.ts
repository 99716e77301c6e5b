import assert from 'node:assert/strict';
import type { JsonValue } from '../../contract/events';
import { defineTopic } from '../conformance-case';
import { readAll, readStream } from '../support/collect';

const EVERY_JSON_KIND: JsonValue = {
  text: 'plain',
  empty: '',
  escapes: 'quote " backslash \\ slash / newline \n tab \t return \r control \u0001 \u001f del \u007f',
  html: '</script><!-- & -->',
  separators: 'line\u2028paragraph\u2029',
  numbers: [0, 1, -1, 1.5, 0.1, -17.25, 1e21, 1e-7, 123456.789, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 1.7976931348623157e308],
  flags: [true, false],
  nothing: null,
  emptyObject: {},
  emptyArray: [],
  mixed: [1, 'two', { three: [3] }, null, [[]]],
  nested: { a: { b: { c: { d: { e: { f: { g: { h: 'deep' } } } } } } } },
  'key with spaces': 1,
  '': 'empty key',
  '0': 'numeric key',
};

/** Event data as any JSON, up to about a megabyte, returned exactly as appended. */
export const payloadCases = defineTopic('payloads', [
  {
    slug: 'one-megabyte-events-round-trip',
    name: 'events of about 1 MB (many rows; one long string) round-trip unchanged',
    async run({ store }) {
      const rows = Array.from({ length: 1000 }, (_, index) => ({ index, text: `${index}:`.padEnd(1000, 'abcdefghij') }));
      const long = 'The quick brown fox jumps over the lazy dog. '.repeat(23_302);
      assert.ok(long.length > 1_000_000);
      await store.append('big-1', [
        { type: 'Rows', data: { rows } },
        { type: 'Long', data: long, metadata: { note: long.slice(0, 10_000) } },
      ]);
      const [fromStream, fromLog] = [await readStream(store, 'big-1'), await readAll(store)];
      for (const read of [fromStream, fromLog]) {
        assert.deepEqual(read[0]!.data, { rows });
        assert.equal(read[1]!.data, long);
        assert.deepEqual(read[1]!.metadata, { note: long.slice(0, 10_000) });
      }
    },
  },
  {
    slug: 'every-json-kind-round-trips',
    name: 'every kind of JSON value (escapes, numbers, nesting, odd keys, scalars as data) round-trips unchanged',
    async run({ store }) {
      const scalars: JsonValue[] = ['just text', 42, -0.5, true, false, null, [], {}];
      await store.append('json-1', [{ type: 'Everything', data: EVERY_JSON_KIND, metadata: { copy: EVERY_JSON_KIND } }]);
      await store.append(
        'json-1',
        scalars.map((data) => ({ type: 'Scalar', data })),
      );
      const [everything, ...rest] = await readStream(store, 'json-1');
      assert.deepEqual(everything!.data, EVERY_JSON_KIND);
      assert.deepEqual(everything!.metadata, { copy: EVERY_JSON_KIND });
      assert.deepEqual(
        rest.map((event) => event.data),
        scalars,
      );
    },
  },
  {
    slug: 'undefined-properties-are-dropped',
    name: 'object properties that are undefined are left out, as JSON does',
    async run({ store }) {
      await store.append('json-1', [
        { type: 'Sparse', data: { kept: 1, dropped: undefined, inner: { gone: undefined } }, metadata: { also: undefined, here: 'yes' } },
      ]);
      const [event] = await readStream(store, 'json-1');
      assert.deepEqual(event!.data, { kept: 1, inner: {} });
      assert.deepEqual(event!.metadata, { here: 'yes' });
    },
  },
  {
    slug: 'stored-events-never-change',
    name: 'changing the appended objects afterwards, or a read event, does not change what is stored',
    async run({ store }) {
      const data = { balance: 10, owner: { name: 'Ada' }, tags: ['a'] };
      const metadata = { commandId: 'cmd-1', trace: { hops: [1] } };
      const result = await store.append('account-1', [{ type: 'Opened', data, metadata }]);
      data.balance = 999;
      data.owner.name = 'Mallory';
      data.tags.push('b');
      metadata.trace.hops.push(2);
      const tamper = (value: unknown): void => {
        try {
          const target = value as { data: { balance: number; owner: { name: string }; tags: string[] }; metadata: { trace: { hops: number[] } } };
          target.data.balance = -1;
          target.data.owner.name = 'Eve';
          target.data.tags.push('c');
          target.metadata.trace.hops.push(3);
        } catch {
          // Frozen events refuse changes: also fine.
        }
      };
      tamper(result.events[0]);
      for (const event of await readStream(store, 'account-1')) tamper(event);
      const [stored] = await readStream(store, 'account-1');
      assert.deepEqual(stored!.data, { balance: 10, owner: { name: 'Ada' }, tags: ['a'] });
      assert.deepEqual(stored!.metadata, { commandId: 'cmd-1', trace: { hops: [1] } });
      assert.deepEqual((await readAll(store))[0]!.data, { balance: 10, owner: { name: 'Ada' }, tags: ['a'] });
    },
  },
]);
