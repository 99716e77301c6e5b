import assert from 'node:assert/strict';
import type { ExpectedVersion } from '../../contract/append';
import { defineTopic } from '../conformance-case';
import { drain, readAll, readStream } from '../support/collect';
import { expectError } from '../support/expect-error';
import { ids, sampleEvents } from '../support/sample-events';
import { SubscriptionProbe } from '../support/subscription-probe';

/** Soft deletion: the stream is closed for good, its events stay facts of the global log. */
export const deletionCases = defineTopic('deletion', [
  {
    slug: 'deleting-a-missing-stream-fails',
    name: 'deleting a stream that does not exist fails with StreamNotFoundError',
    async run({ store }) {
      const error = await expectError(() => store.deleteStream('account-404'), 'STREAM_NOT_FOUND', 'deleting a missing stream');
      assert.equal(error.streamId, 'account-404');
    },
  },
  {
    slug: 'a-deleted-stream-refuses-reads-and-appends',
    name: 'a deleted stream refuses reads, appends (whatever the expected version) and streamVersion with StreamDeletedError',
    async run({ store }) {
      await store.append('account-1', sampleEvents(2));
      await store.deleteStream('account-1');
      await expectError(() => drain(store.readStream('account-1')), 'STREAM_DELETED', 'reading a deleted stream');
      await expectError(() => drain(store.readStream('account-1', { direction: 'backward' })), 'STREAM_DELETED', 'reading a deleted stream backward');
      for (const expectedVersion of ['any', 'no-stream', 'exists', 2, 0] as ExpectedVersion[]) {
        await expectError(
          () => store.append('account-1', sampleEvents(1), { expectedVersion }),
          'STREAM_DELETED',
          `append expecting ${String(expectedVersion)}`,
        );
      }
      await expectError(() => store.streamVersion('account-1'), 'STREAM_DELETED', 'streamVersion of a deleted stream');
      await expectError(() => store.deleteStream('account-1'), 'STREAM_NOT_FOUND', 'deleting it again');
      assert.equal((await readAll(store)).length, 2, 'the refused appends stored nothing');
    },
  },
  {
    slug: 'deleted-events-stay-in-the-log',
    name: "a deleted stream's events stay in the global log, positions unchanged, and subscriptions still deliver them",
    async run({ store, waitTimeoutMs }) {
      await store.append('account-1', sampleEvents(2));
      await store.append('account-2', sampleEvents(1));
      const before = await readAll(store);
      const head = await store.headPosition();
      await store.deleteStream('account-1', { reason: 'customer asked' });
      assert.deepEqual(
        (await readAll(store)).map((event) => [event.eventId, event.position]),
        before.map((event) => [event.eventId, event.position]),
      );
      assert.equal(await store.headPosition(), head);
      const probe = new SubscriptionProbe(store.subscribe(), waitTimeoutMs);
      try {
        await probe.waitForCount(3);
        assert.deepEqual(ids(probe.events), ids(before));
      } finally {
        probe.stop();
      }
    },
  },
  {
    slug: 'deleting-one-stream-leaves-the-others',
    name: 'deleting a stream leaves streams with similar ids untouched',
    async run({ store }) {
      for (const streamId of ['account-1', 'account-10', 'account-1-x']) await store.append(streamId, sampleEvents(2));
      await store.deleteStream('account-1');
      for (const streamId of ['account-10', 'account-1-x']) {
        assert.equal((await readStream(store, streamId)).length, 2);
        await store.append(streamId, sampleEvents(1), { expectedVersion: 2 });
      }
    },
  },
]);
