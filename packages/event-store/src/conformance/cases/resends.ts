import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AppendResult } from '../../contract/append';
import type { NewEvent, RecordedEvent } from '../../contract/events';
import { defineTopic } from '../conformance-case';
import { readAll, readStream } from '../support/collect';
import { expectError } from '../support/expect-error';
import { comparable, ids, sampleEvents } from '../support/sample-events';

const resend = { acceptResends: true } as const;

/** What a resending append reported as already stored, checked to be there. */
function alreadyStored(result: AppendResult): RecordedEvent[] {
  assert.ok(Array.isArray(result.alreadyStored), 'an append with acceptResends returns alreadyStored (an array, empty when nothing was resent)');
  return result.alreadyStored;
}

/**
 * With `acceptResends`, an event whose id is already stored in the same stream with the same
 * type, schema version and data is accepted as already there; anything else keeps the refusal.
 */
export const resendCases = defineTopic('resends', [
  {
    slug: 'a-resent-batch-is-accepted-as-already-stored',
    name: 'resending a stored batch stores nothing and returns the stored events (version, position, time) as alreadyStored',
    async run({ store }) {
      const batch = sampleEvents(3);
      const first = await store.append('session-1', batch, { expectedVersion: 'no-stream' });
      const again = await store.append('session-1', batch, resend);
      assert.deepEqual(again.events, [], 'nothing new was stored');
      assert.deepEqual(alreadyStored(again).map(comparable), first.events.map(comparable), 'alreadyStored is what the first append recorded');
      assert.equal(again.version, 3, 'version: the latest resent event');
      assert.equal(again.position, first.position, 'position: the latest resent event');
      assert.deepEqual(ids(await readAll(store)), ids(batch), 'the log holds each event once');
      assert.equal(await store.streamVersion('session-1'), 3);
    },
  },
  {
    slug: 'a-mixed-batch-stores-only-the-new-events',
    name: 'in a batch of resent and new events only the new ones are stored, at the next versions; the result tells them apart',
    async run({ store }) {
      const [a, b, c, d] = sampleEvents(4);
      const first = await store.append('session-1', [a!, b!]);
      const mixed = await store.append('session-1', [d!, a!, c!, b!], resend);
      assert.deepEqual(ids(mixed.events), [d!.eventId, c!.eventId], 'the new events, in the order of the call');
      assert.deepEqual(
        mixed.events.map((event) => event.version),
        [3, 4],
      );
      assert.deepEqual(alreadyStored(mixed).map(comparable), [first.events[0]!, first.events[1]!].map(comparable), 'the resent ones, in the order of the call');
      assert.equal(mixed.version, 4);
      assert.equal(mixed.position, mixed.events[1]!.position);
      assert.deepEqual(ids(await readStream(store, 'session-1')), [a!.eventId, b!.eventId, d!.eventId, c!.eventId]);
      assert.deepEqual(ids(await readAll(store)), [a!.eventId, b!.eventId, d!.eventId, c!.eventId]);
    },
  },
  {
    slug: 'key-order-metadata-and-ids-of-the-conversation-are-not-compared',
    name: 'a resend whose data has its keys in another order, or other metadata, causation or correlation, is the same event; the stored copy is kept',
    async run({ store }) {
      const eventId = randomUUID();
      const original: NewEvent = { eventId, type: 'Viewed', data: { page: 3, user: { id: 'u1', name: 'Ada' } }, metadata: { attempt: 1 }, causationId: 'c-1' };
      const stored = await store.append('session-1', [original]);
      const again = await store.append(
        'session-1',
        [{ eventId, type: 'Viewed', data: { user: { name: 'Ada', id: 'u1' }, page: 3 }, metadata: { attempt: 2, trace: 'x' }, correlationId: 'other' }],
        resend,
      );
      assert.deepEqual(again.events, []);
      assert.deepEqual(alreadyStored(again).map(comparable), stored.events.map(comparable), 'the stored copy, with its own metadata');
      const [only, ...rest] = await readStream(store, 'session-1');
      assert.equal(rest.length, 0);
      assert.deepEqual(only!.metadata, { attempt: 1 });
      assert.equal(only!.causationId, 'c-1');
      assert.equal(only!.correlationId, null);
    },
  },
  {
    slug: 'other-content-under-a-stored-id-is-refused',
    name: 'a resend with other data, another type or another schema version is refused with DuplicateEventError, and the whole batch stores nothing',
    async run({ store }) {
      const [original, fresh] = sampleEvents(2);
      await store.append('session-1', [original!]);
      const changes: Array<[string, NewEvent]> = [
        ['other data', { ...original!, data: { label: 'Sampled', index: 1 } }],
        ['a data value of another JSON type', { ...original!, data: { label: 'Sampled', index: '0' } }],
        ['an extra key', { ...original!, data: { label: 'Sampled', index: 0, extra: null } }],
        ['another type', { ...original!, type: 'Other' }],
        ['another schema version', { ...original!, schemaVersion: 2 }],
      ];
      for (const [what, changed] of changes) {
        const error = await expectError(() => store.append('session-1', [fresh!, changed], resend), 'DUPLICATE_EVENT', `a resend with ${what}`);
        assert.equal(error.eventId, original!.eventId, `DuplicateEventError.eventId for ${what}`);
      }
      assert.deepEqual(ids(await readAll(store)), [original!.eventId], 'the new event of the refused batches was not stored');
    },
  },
  {
    slug: 'an-id-stored-in-another-stream-is-refused',
    name: 'resending an event to another stream than the one it is stored in is refused with DuplicateEventError',
    async run({ store }) {
      const [event] = sampleEvents(1);
      await store.append('session-1', [event!]);
      await expectError(() => store.append('session-2', [event!], resend), 'DUPLICATE_EVENT', 'the same event in another stream');
      assert.equal(await store.streamVersion('session-2'), 0);
      assert.equal((await readAll(store)).length, 1);
    },
  },
  {
    slug: 'expected-version-applies-to-new-events-only',
    name: 'a fully resent batch succeeds whatever the expected version; a batch with a new event is checked against the current version',
    async run({ store }) {
      const [a, b, c] = sampleEvents(3);
      await store.append('session-1', [a!, b!], { expectedVersion: 'no-stream' });
      for (const expectedVersion of ['no-stream', 0, 1, 7, 'exists', 'any'] as const) {
        const result = await store.append('session-1', [a!, b!], { ...resend, expectedVersion });
        assert.equal(result.events.length, 0, `a fully resent batch with expectedVersion ${expectedVersion}`);
      }
      const error = await expectError(
        () => store.append('session-1', [a!, b!, c!], { ...resend, expectedVersion: 0 }),
        'WRONG_EXPECTED_VERSION',
        'a batch with a new event and a stale expected version',
      );
      assert.equal(error.actual, 2);
      const result = await store.append('session-1', [a!, b!, c!], { ...resend, expectedVersion: 2 });
      assert.deepEqual(ids(result.events), [c!.eventId]);
      assert.equal(result.version, 3);
    },
  },
  {
    slug: 'without-the-option-a-resend-is-refused',
    name: 'without acceptResends (or with false) a resend is still refused with DuplicateEventError, and the result has no alreadyStored',
    async run({ store }) {
      const [a, b] = sampleEvents(2);
      const first = await store.append('session-1', [a!]);
      assert.equal(first.alreadyStored, undefined, 'no alreadyStored without the option');
      await expectError(() => store.append('session-1', [a!]), 'DUPLICATE_EVENT', 'a resend without the option');
      await expectError(() => store.append('session-1', [b!, a!], { acceptResends: false }), 'DUPLICATE_EVENT', 'a resend with acceptResends: false');
      const fresh = await store.append('session-1', [b!], resend);
      assert.deepEqual(fresh.alreadyStored, [], 'with the option and nothing resent, alreadyStored is empty');
    },
  },
  {
    slug: 'a-resend-to-a-deleted-stream-is-refused',
    name: 'resending to a deleted stream is refused with StreamDeletedError, even when every event is already stored',
    async run({ store }) {
      const batch = sampleEvents(2);
      await store.append('session-1', batch);
      await store.deleteStream('session-1');
      await expectError(() => store.append('session-1', batch, resend), 'STREAM_DELETED', 'a resend to a deleted stream');
    },
  },
  {
    slug: 'concurrent-resends-store-each-event-once',
    name: 'clients resending overlapping batches concurrently all succeed, and every event is stored exactly once',
    async run({ store }) {
      const events = sampleEvents(12, 'Viewed');
      // Eight clients, each resending an overlapping window of the events, twice.
      const windows = Array.from({ length: 16 }, (_, client) => events.slice(client % 8, (client % 8) + 5));
      const results = await Promise.all(windows.map((window) => store.append('session-1', window, resend)));
      const stored = await readStream(store, 'session-1');
      const sent = new Set(windows.flat().map((event) => event.eventId));
      assert.equal(stored.length, sent.size, 'each event stored once');
      assert.deepEqual(new Set(ids(stored)), sent);
      assert.deepEqual(
        stored.map((event) => event.version),
        stored.map((_, index) => index + 1),
        'versions without gaps',
      );
      const newlyStored = results.flatMap((result) => ids(result.events));
      assert.equal(newlyStored.length, sent.size, 'each event was new in exactly one call');
      assert.equal(new Set(newlyStored).size, sent.size);
      const byId = new Map(stored.map((event) => [event.eventId, comparable(event)]));
      results.forEach((result, index) => {
        const reported = [...result.events, ...alreadyStored(result)];
        assert.deepEqual(new Set(ids(reported)), new Set(ids(windows[index]!)), `call ${index} reports each of its events`);
        for (const event of reported) assert.deepEqual(comparable(event), byId.get(event.eventId), `call ${index} reports ${event.eventId} as stored`);
      });
      assert.equal((await readAll(store)).length, sent.size, 'the global log holds each event once');
    },
  },
  {
    slug: 'a-bad-accept-resends-option-is-refused',
    name: 'acceptResends that is not a boolean is refused with InvalidInputError naming it, and nothing is stored',
    async run({ store }) {
      for (const value of ['yes', 1, null]) {
        const error = await expectError(
          () => store.append('session-1', sampleEvents(1), { acceptResends: value as unknown as boolean }),
          'INVALID_INPUT',
          `acceptResends: ${JSON.stringify(value)}`,
        );
        assert.equal(error.argument, 'acceptResends');
      }
      assert.equal((await readAll(store)).length, 0);
    },
  },
]);
