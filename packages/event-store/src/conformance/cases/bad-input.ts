import assert from 'node:assert/strict';
import type { AppendOptions } from '../../contract/append';
import type { EventStore } from '../../contract/event-store';
import type { NewEvent } from '../../contract/events';
import type { ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../../contract/read';
import { defineTopic } from '../conformance-case';
import { MAX_JSON_DEPTH } from '../../validation/json-value';
import { drain, readAll, readStream } from '../support/collect';
import { expectError } from '../support/expect-error';
import { nestedValue } from '../support/hostile-values';
import { sampleEvents } from '../support/sample-events';
import { SubscriptionProbe } from '../support/subscription-probe';

/** Input a caller could pass from plain JavaScript; the casts are the point. */
const loose = <T>(value: unknown): T => value as T;

async function expectInvalid(action: () => unknown, argument: string, what: string): Promise<void> {
  const error = await expectError(action, 'INVALID_INPUT', what);
  assert.ok(
    typeof error.argument === 'string' && error.argument.startsWith(argument),
    `${what}: InvalidInputError.argument must name '${argument}', got '${String(error.argument)}'`,
  );
  assert.ok(error.message.includes(argument), `${what}: the message must name '${argument}': ${error.message}`);
}

async function expectNothingStored(store: EventStore): Promise<void> {
  assert.deepEqual(await readAll(store), [], 'a refused append must store nothing');
  assert.equal(await store.headPosition(), null);
}

class Money {
  constructor(readonly cents: number) {}
}
const cyclic: Record<string, unknown> = { name: 'loop' };
cyclic.self = cyclic;

// Values JSON cannot keep, or would silently change.
const NOT_JSON: Array<[string, unknown]> = [
  ['a function', () => 1],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['a Date', new Date()],
  ['a nested Date', { when: new Date() }],
  ['a Map', new Map([['a', 1]])],
  ['a Set', new Set([1])],
  ['a class instance', new Money(100)],
  ['a RegExp', /x/],
  ['a bigint', BigInt(1)],
  ['a symbol', Symbol('s')],
  ['a cycle', cyclic],
  ['undefined', undefined],
  ['undefined in an array', [1, undefined]],
  // eslint-disable-next-line no-sparse-arrays -- a hole is the hostile input under test
  ['a sparse array', loose<unknown[]>([1, , 3])],
  ['a string with NUL', 'a\u0000b'],
  ['a key with NUL', { 'key\u0000': 1 }],
  ['a nested string with NUL', { list: [{ text: '\u0000' }] }],
  [`nesting deeper than ${MAX_JSON_DEPTH}`, nestedValue(MAX_JSON_DEPTH + 1)],
  ['nesting 5,000 deep', nestedValue(5_000, 'object')],
  ['nesting 1,000,000 deep', nestedValue(1_000_000)],
];

/** Bad input is refused before anything is stored, with an InvalidInputError naming the argument. */
export const badInputCases = defineTopic('bad-input', [
  {
    slug: 'bad-stream-ids',
    name: 'empty, non-string, padded or NUL-containing stream ids are refused',
    async run({ store }) {
      for (const streamId of ['', 42, undefined, null, ' padded ', 'a\u0000b']) {
        await expectInvalid(() => store.append(loose<string>(streamId), sampleEvents(1)), 'streamId', `append to ${JSON.stringify(streamId)}`);
      }
      await expectNothingStored(store);
      await expectInvalid(() => drain(store.readStream('')), 'streamId', 'readStream of an empty id');
      await expectInvalid(() => store.streamVersion(''), 'streamId', 'streamVersion of an empty id');
      await expectInvalid(() => store.deleteStream(''), 'streamId', 'deleteStream of an empty id');
    },
  },
  {
    slug: 'no-events',
    name: 'an empty batch or a non-array is refused',
    async run({ store }) {
      await expectInvalid(() => store.append('account-1', []), 'events', 'an empty batch');
      await expectInvalid(() => store.append('account-1', loose<NewEvent[]>({ type: 'A', data: 1 })), 'events', 'a single event instead of an array');
      await expectNothingStored(store);
    },
  },
  {
    slug: 'non-json-data',
    name: 'data that is not JSON (functions, NaN, Date, Map, class instances, cycles, undefined...) is refused, naming the event',
    async run({ store }) {
      for (const [what, data] of NOT_JSON) {
        await expectInvalid(() => store.append('account-1', [...sampleEvents(1), { type: 'Bad', data }]), 'events[1].data', `data with ${what}`);
      }
      await expectNothingStored(store);
    },
  },
  {
    slug: 'non-json-metadata',
    name: 'metadata that is not a JSON object is refused',
    async run({ store }) {
      for (const [what, metadata] of [...NOT_JSON.filter(([name]) => name !== 'undefined'), ['an array', [1]], ['a string', 'meta']] as Array<
        [string, unknown]
      >) {
        await expectInvalid(
          () => store.append('account-1', [{ type: 'Bad', data: 1, metadata: loose<NewEvent['metadata']>(metadata) }]),
          'events[0].metadata',
          `metadata with ${what}`,
        );
      }
      await expectNothingStored(store);
    },
  },
  {
    slug: 'bad-event-fields',
    name: 'a missing or empty type, an empty event id, a bad schema version or a non-object event is refused',
    async run({ store }) {
      const cases: Array<[string, unknown, string]> = [
        ['an empty type', { type: '', data: 1 }, 'events[0].type'],
        ['no type', { data: 1 }, 'events[0].type'],
        ['an empty event id', { type: 'A', data: 1, eventId: '' }, 'events[0].eventId'],
        ['a numeric event id', { type: 'A', data: 1, eventId: 7 }, 'events[0].eventId'],
        ['schema version 0', { type: 'A', data: 1, schemaVersion: 0 }, 'events[0].schemaVersion'],
        ['schema version 1.5', { type: 'A', data: 1, schemaVersion: 1.5 }, 'events[0].schemaVersion'],
        ['a schema version past 2^31 - 1', { type: 'A', data: 1, schemaVersion: 2 ** 31 }, 'events[0].schemaVersion'],
        ['an empty causation id', { type: 'A', data: 1, causationId: '' }, 'events[0].causationId'],
        ['a null event', null, 'events[0]'],
        ['a string event', 'Opened', 'events[0]'],
      ];
      for (const [what, event, argument] of cases) {
        await expectInvalid(() => store.append('account-1', loose<NewEvent[]>([event])), argument, what);
      }
      await expectNothingStored(store);
    },
  },
  {
    slug: 'bad-expected-versions',
    name: 'an expectedVersion that is not a whole number ≥ 0 nor a known word is refused, even for an existing stream',
    async run({ store }) {
      await store.append('account-1', sampleEvents(2));
      for (const expectedVersion of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 'latest', '2', null, true]) {
        await expectInvalid(
          () => store.append('account-1', sampleEvents(1), loose<AppendOptions>({ expectedVersion })),
          'expectedVersion',
          `expectedVersion ${String(expectedVersion)}`,
        );
      }
      assert.equal((await readAll(store)).length, 2, 'nothing more was stored');
    },
  },
  {
    slug: 'bad-read-arguments',
    name: 'bad limits, versions, directions, positions and filters are refused by reads',
    async run({ store }) {
      await store.append('account-1', sampleEvents(3));
      const streamReads: Array<[unknown, string]> = [
        [{ limit: -1 }, 'limit'],
        [{ limit: 1.5 }, 'limit'],
        [{ limit: Number.NaN }, 'limit'],
        [{ limit: '10' }, 'limit'],
        [{ fromVersion: -1 }, 'fromVersion'],
        [{ fromVersion: 2.5 }, 'fromVersion'],
        [{ direction: 'sideways' }, 'direction'],
      ];
      for (const [options, argument] of streamReads) {
        await expectInvalid(() => drain(store.readStream('account-1', loose<ReadStreamOptions>(options))), argument, `readStream ${JSON.stringify(options)}`);
      }
      const logReads: Array<[unknown, string]> = [
        [{ limit: -5 }, 'limit'],
        [{ limit: Number.POSITIVE_INFINITY }, 'limit'],
        [{ after: 'not a position!' }, 'after'],
        [{ filter: { types: 'Deposited' } }, 'filter'],
        [{ filter: { categories: [''] } }, 'filter'],
        [{ filter: { partition: 1 } }, 'filter.partition'],
        [{ filter: { partition: { index: 0, count: 0 } } }, 'filter.partition.count'],
        [{ filter: { partition: { index: 0, count: 1.5 } } }, 'filter.partition.count'],
        [{ filter: { partition: { index: 0, count: 1_025 } } }, 'filter.partition.count'],
        [{ filter: { partition: { index: 4, count: 4 } } }, 'filter.partition.index'],
        [{ filter: { partition: { index: -1, count: 4 } } }, 'filter.partition.index'],
        [{ filter: { partition: { count: 4 } } }, 'filter.partition.index'],
      ];
      for (const [options, argument] of logReads) {
        await expectInvalid(() => drain(store.readAll(loose<ReadAllOptions>(options))), argument, `readAll ${JSON.stringify(options)}`);
      }
    },
  },
  {
    slug: 'bad-subscribe-arguments',
    name: 'a subscription from a malformed position or with a batchSize of 0 fails with InvalidInputError instead of running',
    async run({ store, waitTimeoutMs }) {
      await store.append('account-1', sampleEvents(3));
      for (const [options, argument] of [
        [{ from: 'not a position!' }, 'from'],
        [{ batchSize: 0 }, 'batchSize'],
      ] as Array<[unknown, string]>) {
        await expectInvalid(
          async () => {
            // Refusing at subscribe() or through the observable's error are both fine.
            const probe = new SubscriptionProbe(store.subscribe(loose<SubscribeOptions>(options)), waitTimeoutMs);
            try {
              await probe.waitForEnd();
              if (probe.error !== undefined) throw probe.error;
            } finally {
              probe.stop();
            }
          },
          argument,
          `subscribe ${JSON.stringify(options)}`,
        );
      }
    },
  },
  {
    slug: 'json-nested-to-the-limit-round-trips',
    name: `data and metadata nested exactly ${MAX_JSON_DEPTH} arrays or objects deep are kept; one level more is refused`,
    async run({ store }) {
      const data = { tree: nestedValue(MAX_JSON_DEPTH - 1, 'object') };
      const metadata = { path: nestedValue(MAX_JSON_DEPTH - 1) };
      await store.append('deep-1', [{ type: 'Deep', data, metadata }]);
      const [event] = await readStream(store, 'deep-1');
      assert.deepEqual(event!.data, data);
      assert.deepEqual(event!.metadata, metadata);
      await expectInvalid(
        () => store.append('deep-1', [{ type: 'Deep', data: { tree: nestedValue(MAX_JSON_DEPTH, 'object') } }]),
        'events[0].data',
        'one level too deep',
      );
      await expectInvalid(
        () => store.append('deep-1', [{ type: 'Deep', data: 1, metadata: { path: nestedValue(MAX_JSON_DEPTH) } }]),
        'events[0].metadata',
        'metadata one level too deep',
      );
      assert.equal((await readAll(store)).length, 1, 'nothing more was stored');
    },
  },
  {
    slug: 'bad-delete-reasons',
    name: 'a deletion reason with NUL or a lone surrogate, or that is not a string, is refused and the stream stays open',
    async run({ store }) {
      await store.append('account-1', sampleEvents(1));
      for (const options of [{ reason: 'a\u0000b' }, { reason: '\uD83D' }, { reason: 42 }, { reason: {} }]) {
        await expectInvalid(
          () => store.deleteStream('account-1', loose<{ reason?: string }>(options)),
          'reason',
          `deleteStream with ${JSON.stringify(options)}`,
        );
      }
      for (const options of [null, 'closed', 7]) {
        await expectInvalid(
          () => store.deleteStream('account-1', loose<{ reason?: string }>(options)),
          'options',
          `deleteStream with options ${JSON.stringify(options)}`,
        );
      }
      assert.equal(await store.streamVersion('account-1'), 1, 'the stream is still open');
      await store.deleteStream('account-1', { reason: 'GDPR request — 顧客 😀' });
      await expectError(() => store.streamVersion('account-1'), 'STREAM_DELETED', 'after a valid deletion');
    },
  },
  {
    slug: 'options-that-are-not-objects',
    name: 'append, readStream, readAll and subscribe options that are null, a string or an array are refused with InvalidInputError, not a TypeError',
    async run({ store }) {
      await store.append('account-1', sampleEvents(1));
      for (const options of [null, 'any', [1]]) {
        await expectInvalid(
          () => store.append('account-1', sampleEvents(1), loose<AppendOptions>(options)),
          'options',
          `append with options ${JSON.stringify(options)}`,
        );
        await expectInvalid(
          () => drain(store.readStream('account-1', loose<ReadStreamOptions>(options))),
          'options',
          `readStream with options ${JSON.stringify(options)}`,
        );
        await expectInvalid(() => drain(store.readAll(loose<ReadAllOptions>(options))), 'options', `readAll with options ${JSON.stringify(options)}`);
        await expectInvalid(async () => store.subscribe(loose<SubscribeOptions>(options)), 'options', `subscribe with options ${JSON.stringify(options)}`);
      }
      assert.equal((await readAll(store)).length, 1, 'nothing more was stored');
    },
  },
]);
