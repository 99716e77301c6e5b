import assert from 'node:assert/strict';
import type { EventStore } from '../../contract/event-store';
import type { ExpectedVersion } from '../../contract/append';
import { defineTopic } from '../conformance-case';
import { readStream } from '../support/collect';
import { expectError } from '../support/expect-error';
import { ids, sampleEvents } from '../support/sample-events';

const WRONG_VERSION = 'WRONG_EXPECTED_VERSION';

async function expectConflict(store: EventStore, streamId: string, expected: ExpectedVersion, actual: number): Promise<void> {
  const error = await expectError(
    () => store.append(streamId, sampleEvents(1, 'Refused'), { expectedVersion: expected }),
    WRONG_VERSION,
    `append to '${streamId}' expecting ${String(expected)} while it is at ${actual}`,
  );
  assert.equal(error.streamId, streamId, 'WrongExpectedVersionError.streamId');
  assert.equal(error.expected, expected, 'WrongExpectedVersionError.expected');
  assert.equal(error.actual, actual, 'WrongExpectedVersionError.actual');
  assert.equal(await store.streamVersion(streamId), actual, 'a refused append must not change the stream version');
}

/** Every form of `expectedVersion`, accepted and refused. */
export const appendVersionCases = defineTopic('append-versions', [
  {
    slug: 'no-stream-creates-the-stream',
    name: "'no-stream' creates a stream at versions 1..n and returns the recorded events",
    async run({ store }) {
      const events = sampleEvents(3, 'Opened');
      const result = await store.append('account-1', events, { expectedVersion: 'no-stream' });
      assert.equal(result.streamId, 'account-1');
      assert.equal(result.version, 3, 'the result version is the last event version');
      assert.deepEqual(
        result.events.map((event) => event.version),
        [1, 2, 3],
      );
      assert.deepEqual(ids(result.events), ids(events), 'the result lists the appended events in order');
      assert.equal(result.position, result.events[2]!.position, 'the result position is the last event position');
      assert.ok(result.events.every((event) => event.streamId === 'account-1' && event.type === 'Opened'));
      assert.equal(await store.streamVersion('account-1'), 3);
    },
  },
  {
    slug: 'no-stream-refuses-an-existing-stream',
    name: "'no-stream' refuses a stream that has events, with WrongExpectedVersionError(stream, expected, actual)",
    async run({ store }) {
      await store.append('account-1', sampleEvents(2));
      await expectConflict(store, 'account-1', 'no-stream', 2);
    },
  },
  {
    slug: 'exists-refuses-a-missing-stream',
    name: "'exists' refuses a stream without events (actual 0) and stores nothing",
    async run({ store }) {
      await expectConflict(store, 'account-1', 'exists', 0);
      assert.deepEqual(await readStream(store, 'account-1'), []);
      assert.equal(await store.headPosition(), null, 'the global log must stay empty');
    },
  },
  {
    slug: 'exists-accepts-an-existing-stream',
    name: "'exists' appends to a stream that has events",
    async run({ store }) {
      await store.append('account-1', sampleEvents(1));
      const result = await store.append('account-1', sampleEvents(2), { expectedVersion: 'exists' });
      assert.equal(result.version, 3);
    },
  },
  {
    slug: 'exact-version-accepts-the-current-version',
    name: 'a number appends when the stream is exactly at that version (0 = no events yet)',
    async run({ store }) {
      assert.equal((await store.append('account-1', sampleEvents(1), { expectedVersion: 0 })).version, 1);
      assert.equal((await store.append('account-1', sampleEvents(2), { expectedVersion: 1 })).version, 3);
      assert.equal((await store.append('account-1', sampleEvents(1), { expectedVersion: 3 })).version, 4);
      assert.deepEqual(
        (await readStream(store, 'account-1')).map((event) => event.version),
        [1, 2, 3, 4],
      );
    },
  },
  {
    slug: 'exact-version-refuses-any-other-version',
    name: 'a number refuses a stream at any other version: behind, ahead, or 0 for an existing stream',
    async run({ store }) {
      await store.append('account-1', sampleEvents(3));
      for (const expected of [2, 4, 0, 1, 100]) await expectConflict(store, 'account-1', expected, 3);
      assert.equal((await readStream(store, 'account-1')).length, 3);
    },
  },
  {
    slug: 'any-skips-the-check',
    name: "'any' (and no option at all) appends to missing and existing streams",
    async run({ store }) {
      assert.equal((await store.append('account-1', sampleEvents(1), { expectedVersion: 'any' })).version, 1);
      assert.equal((await store.append('account-1', sampleEvents(2), { expectedVersion: 'any' })).version, 3);
      assert.equal((await store.append('account-1', sampleEvents(1))).version, 4);
      assert.equal((await store.append('account-2', sampleEvents(1), {})).version, 1);
    },
  },
  {
    slug: 'versions-continue-across-appends',
    name: 'versions are consecutive across appends of different sizes, and streamVersion follows them',
    async run({ store }) {
      assert.equal(await store.streamVersion('account-1'), 0, 'a missing stream is at version 0');
      let expected = 0;
      for (const size of [1, 4, 2, 7, 1]) {
        await store.append('account-1', sampleEvents(size), { expectedVersion: expected });
        expected += size;
        assert.equal(await store.streamVersion('account-1'), expected);
      }
      const read = await readStream(store, 'account-1');
      assert.deepEqual(
        read.map((event) => event.version),
        Array.from({ length: expected }, (_, index) => index + 1),
      );
    },
  },
  {
    slug: 'streams-are-independent',
    name: 'version checks of one stream ignore streams with similar ids',
    async run({ store }) {
      await store.append('account-1', sampleEvents(2));
      await store.append('account-10', sampleEvents(1), { expectedVersion: 'no-stream' });
      await store.append('account-1-x', sampleEvents(1), { expectedVersion: 0 });
      await store.append('Account-1', sampleEvents(1), { expectedVersion: 'no-stream' });
      assert.equal(await store.streamVersion('account-1'), 2);
      assert.equal(await store.streamVersion('account-10'), 1);
      assert.equal(await store.streamVersion('Account-1'), 1, 'stream ids are case-sensitive');
    },
  },
  {
    slug: 'the-error-explains-itself',
    name: 'WrongExpectedVersionError is a FactumError whose message names the stream and both versions',
    async run({ store }) {
      await store.append('order-7', sampleEvents(2));
      const error = await expectError(() => store.append('order-7', sampleEvents(1), { expectedVersion: 5 }), WRONG_VERSION, 'stale append');
      assert.equal(error.name, 'WrongExpectedVersionError');
      assert.match(error.message, /order-7/);
      assert.match(error.message, /5/);
      assert.match(error.message, /2/);
    },
  },
]);
