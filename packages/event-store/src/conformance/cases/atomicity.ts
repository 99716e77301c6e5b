import assert from 'node:assert/strict';
import { defineTopic } from '../conformance-case';
import { readAll, readStream } from '../support/collect';
import { expectError } from '../support/expect-error';
import { comparable, ids, sampleEvents } from '../support/sample-events';

/** A failed append leaves no trace: not in the stream, not in the log, not in the version. */
export const atomicityCases = defineTopic('atomicity', [
  {
    slug: 'a-refused-version-stores-nothing',
    name: 'an append refused for its version stores none of its events and leaves its ids free',
    async run({ store }) {
      await store.append('account-1', sampleEvents(2));
      const head = await store.headPosition();
      const refused = sampleEvents(3, 'Refused');
      await expectError(() => store.append('account-1', refused, { expectedVersion: 5 }), 'WRONG_EXPECTED_VERSION', 'stale append');
      assert.equal(await store.streamVersion('account-1'), 2);
      assert.equal((await readStream(store, 'account-1')).length, 2);
      assert.equal((await readAll(store)).length, 2, 'the global log must not contain the refused events');
      assert.equal(await store.headPosition(), head, 'the head must not move');
      const retried = await store.append('account-1', refused, { expectedVersion: 2 });
      assert.deepEqual(ids(retried.events), ids(refused), 'the ids of a refused append must stay usable');
    },
  },
  {
    slug: 'a-batch-with-a-stored-event-id-stores-nothing',
    name: 'a batch whose middle event id is already stored fails with DuplicateEventError and stores none of the batch',
    async run({ store }) {
      const [taken] = sampleEvents(1, 'Taken');
      await store.append('other-1', [taken!]);
      const [first, last] = sampleEvents(2, 'Batch');
      await expectError(
        () => store.append('account-1', [first!, { ...taken!, type: 'Batch' }, last!], { expectedVersion: 'no-stream' }),
        'DUPLICATE_EVENT',
        'batch containing a stored event id',
      );
      assert.equal(await store.streamVersion('account-1'), 0, 'the stream must not exist');
      assert.deepEqual(ids(await readAll(store)), [taken!.eventId], 'only the first event may be in the global log');
      await store.append('account-1', [first!, last!], { expectedVersion: 'no-stream' });
      assert.equal(await store.streamVersion('account-1'), 2);
    },
  },
  {
    slug: 'a-batch-repeating-an-event-id-stores-nothing',
    name: 'a batch that repeats one event id is refused (InvalidInputError or DuplicateEventError) and stores nothing',
    async run({ store }) {
      const [a, b] = sampleEvents(2);
      await expectError(
        () => store.append('account-1', [a!, b!, { ...a!, data: { again: true } }]),
        ['INVALID_INPUT', 'DUPLICATE_EVENT'],
        'batch repeating an event id',
      );
      assert.equal(await store.streamVersion('account-1'), 0);
      assert.deepEqual(await readAll(store), []);
      await store.append('account-1', [a!, b!]);
      assert.deepEqual(ids(await readStream(store, 'account-1')), ids([a!, b!]));
    },
  },
  {
    slug: 'a-batch-with-an-invalid-event-stores-nothing',
    name: 'a batch whose last event is invalid is refused whole',
    async run({ store }) {
      await store.append('account-1', sampleEvents(1));
      const batch = [...sampleEvents(2), { type: 'Broken', data: { when: new Date() } }];
      await expectError(() => store.append('account-1', batch), 'INVALID_INPUT', 'batch with a Date in its last event');
      assert.equal(await store.streamVersion('account-1'), 1);
      assert.equal((await readAll(store)).length, 1);
    },
  },
  {
    slug: 'the-result-is-what-was-stored',
    name: 'the events an append returns are exactly the events readStream and readAll return',
    async run({ store }) {
      const first = await store.append('account-1', [
        { type: 'Opened', data: { owner: 'Ada' }, causationId: 'cmd-1', correlationId: 'conv-1', metadata: { commandId: 'cmd-1' } },
      ]);
      const second = await store.append('account-1', sampleEvents(2, 'Deposited'));
      const appended = [...first.events, ...second.events].map(comparable);
      assert.deepEqual((await readStream(store, 'account-1')).map(comparable), appended);
      assert.deepEqual((await readAll(store)).map(comparable), appended);
    },
  },
]);
