import assert from 'node:assert/strict';
import type { Snapshot, SnapshotStore } from '../../contract/snapshot-store';
import { defineTopic, type ConformanceContext } from '../conformance-case';
import { MAX_JSON_DEPTH } from '../../validation/json-value';
import { expectError } from '../support/expect-error';
import { edgeIdentifiers, nestedValue } from '../support/hostile-values';

function snapshotsOf(context: ConformanceContext): SnapshotStore {
  assert.ok(context.snapshots, 'this case needs `snapshots` from the fixture');
  return context.snapshots;
}

const snapshot = (version: number, state: unknown, streamId = 'account-1'): Snapshot => ({
  streamId,
  version,
  schemaVersion: 2,
  state,
  takenAt: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678) + version),
});

const comparableSnapshot = (value: Snapshot | null): unknown => value && { ...value, takenAt: value.takenAt.getTime() };

/** The latest snapshot per stream, never replaced by an older one. */
export const snapshotCases = defineTopic('snapshots', [
  {
    slug: 'save-then-load',
    name: 'a missing snapshot loads as null; a saved one loads with every field',
    requires: 'snapshots',
    async run(context) {
      const snapshots = snapshotsOf(context);
      assert.equal(await snapshots.load('account-1'), null);
      const saved = snapshot(7, { balance: 120, owner: 'Zoë 😀', history: [1, 2, 3] });
      await snapshots.save(saved);
      assert.deepEqual(comparableSnapshot(await snapshots.load('account-1')), comparableSnapshot(saved));
      assert.equal(await snapshots.load('account-2'), null, 'snapshots are per stream');
    },
  },
  {
    slug: 'newer-replaces-older-never-the-reverse',
    name: 'a snapshot of a later (or the same) version replaces the stored one; an older one does not',
    requires: 'snapshots',
    async run(context) {
      const snapshots = snapshotsOf(context);
      await snapshots.save(snapshot(5, { at: 5 }));
      await snapshots.save(snapshot(9, { at: 9 }));
      assert.equal((await snapshots.load('account-1'))?.version, 9);
      await snapshots.save(snapshot(6, { at: 6 }));
      assert.deepEqual((await snapshots.load('account-1'))?.state, { at: 9 }, 'an older snapshot must not replace a newer one');
      await snapshots.save(snapshot(9, { at: 'nine again' }));
      assert.deepEqual((await snapshots.load('account-1'))?.state, { at: 'nine again' }, 'the same version replaces (a new state shape)');
    },
  },
  {
    slug: 'the-saved-state-is-a-copy',
    name: 'changing the saved state object, or a loaded one, does not change what is stored',
    requires: 'snapshots',
    async run(context) {
      const snapshots = snapshotsOf(context);
      const state = { balance: 10, items: ['a'] };
      await snapshots.save(snapshot(3, state));
      state.balance = 99;
      state.items.push('b');
      const loaded = await snapshots.load('account-1');
      try {
        (loaded!.state as { balance: number }).balance = -1;
        loaded!.takenAt.setTime(0);
      } catch {
        // A frozen snapshot refuses changes: also fine.
      }
      const again = await snapshots.load('account-1');
      assert.deepEqual(again?.state, { balance: 10, items: ['a'] });
      assert.equal(again?.takenAt.getTime(), snapshot(3, null).takenAt.getTime());
    },
  },
  {
    slug: 'delete-removes-the-snapshot',
    name: 'delete removes the snapshot of one stream only',
    requires: 'snapshots',
    async run(context) {
      const snapshots = snapshotsOf(context);
      await snapshots.save(snapshot(1, { a: 1 }, 'account-1'));
      await snapshots.save(snapshot(1, { b: 1 }, 'account-2'));
      await snapshots.delete('account-1');
      assert.equal(await snapshots.load('account-1'), null);
      assert.deepEqual((await snapshots.load('account-2'))?.state, { b: 1 });
      await snapshots.delete('account-404');
    },
  },
  {
    slug: 'non-json-state-is-refused',
    name: 'a state that is not JSON is refused with InvalidInputError and the stored snapshot stays',
    requires: 'snapshots',
    async run(context) {
      const snapshots = snapshotsOf(context);
      await snapshots.save(snapshot(1, { ok: true }));
      for (const state of [{ when: new Date() }, new Map(), () => 1, { n: Number.NaN }]) {
        await expectError(() => snapshots.save(snapshot(2, state)), 'INVALID_INPUT', 'a snapshot with non-JSON state');
      }
      assert.deepEqual((await snapshots.load('account-1'))?.state, { ok: true });
    },
  },
  {
    slug: 'limits-are-refused-before-storage',
    name: 'snapshots with over-long or NUL-containing stream ids, states nested too deep or holding NUL, or out-of-range versions and dates are refused with InvalidInputError; the longest id works',
    requires: 'snapshots',
    async run(context) {
      const snapshots = snapshotsOf(context);
      const { valid, tooLong } = edgeIdentifiers(4);
      const base = snapshot(1, { ok: true });
      const refused: Array<[string, unknown]> = [
        ...tooLong.map((streamId): [string, unknown] => [`a stream id of ${streamId.length} UTF-16 units`, { ...base, streamId }]),
        ['a stream id with NUL', { ...base, streamId: 'account-\u0000' }],
        [`a state nested ${MAX_JSON_DEPTH + 1} deep`, { ...base, state: nestedValue(MAX_JSON_DEPTH + 1) }],
        ['a state nested 1,000,000 deep', { ...base, state: nestedValue(1_000_000, 'object') }],
        ['a state with NUL', { ...base, state: { text: 'a\u0000b' } }],
        ['a state key with a lone surrogate', { ...base, state: { ['\uDE00']: 1 } }],
        ['a schema version past 2^31 - 1', { ...base, schemaVersion: 2 ** 31 }],
        ['a negative version', { ...base, version: -1 }],
        ['a date in the year 10000', { ...base, takenAt: new Date('+010000-01-01T00:00:00Z') }],
        ['an invalid date', { ...base, takenAt: new Date(Number.NaN) }],
        ['null', null],
        ['a string', 'snapshot'],
      ];
      for (const [what, input] of refused) {
        await expectError(() => snapshots.save(input as Snapshot), 'INVALID_INPUT', `a snapshot with ${what}`);
      }
      for (const streamId of tooLong) await expectError(() => snapshots.load(streamId), 'INVALID_INPUT', 'load of an over-long id');
      assert.equal(await snapshots.load('account-1'), null, 'nothing was stored');
      const deep = { ...base, streamId: valid[0]!, state: nestedValue(MAX_JSON_DEPTH) };
      await snapshots.save(deep);
      assert.deepEqual((await snapshots.load(valid[0]!))?.state, deep.state);
    },
  },
]);
