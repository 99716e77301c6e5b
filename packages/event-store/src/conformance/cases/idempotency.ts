import assert from 'node:assert/strict';
import { defineTopic } from '../conformance-case';
import { readAll, readStream } from '../support/collect';
import { expectError } from '../support/expect-error';
import { ids, sampleEvents } from '../support/sample-events';

/** Event ids are unique across the store: appending one twice is refused, never doubled. */
export const idempotencyCases = defineTopic('idempotency', [
  {
    slug: 'a-stored-event-id-is-refused',
    name: 'appending an event id already in the stream fails with DuplicateEventError(streamId, eventId) and stores nothing',
    async run({ store }) {
      const [original] = sampleEvents(1);
      await store.append('account-1', [original!]);
      const error = await expectError(
        () => store.append('account-1', [{ ...original!, data: { changed: true } }]),
        'DUPLICATE_EVENT',
        'appending a stored event id again',
      );
      assert.equal(error.eventId, original!.eventId, 'DuplicateEventError.eventId');
      assert.equal(error.streamId, 'account-1', 'DuplicateEventError.streamId');
      assert.equal(error.name, 'DuplicateEventError');
      const stored = await readStream(store, 'account-1');
      assert.deepEqual(ids(stored), [original!.eventId]);
      assert.deepEqual(stored[0]!.data, original!.data, 'the stored event is unchanged');
    },
  },
  {
    slug: 'event-ids-are-unique-across-streams',
    name: 'an event id stored in one stream is refused in another',
    async run({ store }) {
      const [event] = sampleEvents(1);
      await store.append('account-1', [event!]);
      await expectError(() => store.append('account-2', [event!]), 'DUPLICATE_EVENT', 'the same event id in another stream');
      assert.equal(await store.streamVersion('account-2'), 0);
      assert.equal((await readAll(store)).length, 1);
    },
  },
  {
    slug: 'a-retried-append-is-not-doubled',
    name: 'a retried append of the same events (e.g. after a lost reply) is refused, not stored twice',
    async run({ store }) {
      const batch = sampleEvents(3);
      await store.append('account-1', batch, { expectedVersion: 'no-stream' });
      await expectError(() => store.append('account-1', batch), 'DUPLICATE_EVENT', "a retry with 'any'");
      await expectError(
        () => store.append('account-1', batch, { expectedVersion: 'no-stream' }),
        ['DUPLICATE_EVENT', 'WRONG_EXPECTED_VERSION'],
        "a retry with 'no-stream'",
      );
      assert.deepEqual(ids(await readStream(store, 'account-1')), ids(batch));
    },
  },
  {
    slug: 'generated-event-ids-are-unique',
    name: 'events appended without ids get distinct, non-empty ids',
    async run({ store }) {
      for (let index = 0; index < 3; index++)
        await store.append('account-1', [
          { type: 'A', data: null },
          { type: 'B', data: index },
        ]);
      await store.append(
        'account-2',
        Array.from({ length: 20 }, () => ({ type: 'C', data: {} })),
      );
      const all = ids(await readAll(store));
      assert.equal(all.length, 26);
      assert.ok(all.every((id) => typeof id === 'string' && id.length > 0));
      assert.equal(new Set(all).size, all.length, 'generated ids are distinct');
    },
  },
]);
