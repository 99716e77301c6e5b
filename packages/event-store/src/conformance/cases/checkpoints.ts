import assert from 'node:assert/strict';
import type { CheckpointStore, SetCheckpointOptions } from '../../contract/checkpoint-store';
import type { GlobalPosition } from '../../contract/position';
import { asGlobalPosition } from '../../contract/position';
import { defineTopic, type ConformanceContext } from '../conformance-case';
import { readAll } from '../support/collect';
import { describeError, expectError } from '../support/expect-error';
import { edgeIdentifiers } from '../support/hostile-values';
import { ids, sampleEvents } from '../support/sample-events';
import { SubscriptionProbe } from '../support/subscription-probe';

function checkpointsOf(context: ConformanceContext): CheckpointStore {
  assert.ok(context.checkpoints, 'this case needs `checkpoints` from the fixture');
  return context.checkpoints;
}

/** Real positions of the store under test, as a subscriber would checkpoint them. */
async function positions(context: ConformanceContext, count: number): Promise<GlobalPosition[]> {
  const result = await context.store.append('account-1', sampleEvents(count));
  return result.events.map((event) => event.position);
}

/** Named checkpoints: get/set/delete/list and fenced writes with `expected`. */
export const checkpointCases = defineTopic('checkpoints', [
  {
    slug: 'set-then-get',
    name: 'an unknown checkpoint is null; set stores a position, get returns it, set again overwrites (even backwards)',
    requires: 'checkpoints',
    async run(context) {
      const checkpoints = checkpointsOf(context);
      const [p1, p2, p3] = await positions(context, 3);
      assert.equal(await checkpoints.get('balances'), null);
      await checkpoints.set('balances', p2!);
      assert.equal(await checkpoints.get('balances'), p2);
      await checkpoints.set('balances', p3!);
      assert.equal(await checkpoints.get('balances'), p3);
      await checkpoints.set('balances', p1!);
      assert.equal(await checkpoints.get('balances'), p1, 'an unconditional set may move a checkpoint back (a rebuild)');
    },
  },
  {
    slug: 'names-are-independent',
    name: 'checkpoints of different names (including unicode and similar names) do not affect each other',
    requires: 'checkpoints',
    async run(context) {
      const checkpoints = checkpointsOf(context);
      const [p1, p2, p3] = await positions(context, 3);
      await checkpoints.set('balances', p1!);
      await checkpoints.set('balances-v2', p2!);
      await checkpoints.set('Bilanz-ü-😀', p3!);
      assert.equal(await checkpoints.get('balances'), p1);
      assert.equal(await checkpoints.get('balances-v2'), p2);
      assert.equal(await checkpoints.get('Bilanz-ü-😀'), p3);
      assert.equal(await checkpoints.get('Balances'), null, 'names are case-sensitive');
    },
  },
  {
    slug: 'fenced-set-with-a-matching-expectation',
    name: 'a fenced set writes when the stored value is the expected one (null = none yet)',
    requires: 'checkpoints',
    async run(context) {
      const checkpoints = checkpointsOf(context);
      const [p1, p2] = await positions(context, 2);
      await checkpoints.set('mailer', p1!, { expected: null });
      assert.equal(await checkpoints.get('mailer'), p1);
      await checkpoints.set('mailer', p2!, { expected: p1! });
      assert.equal(await checkpoints.get('mailer'), p2);
    },
  },
  {
    slug: 'fenced-set-with-a-stale-expectation',
    name: 'a fenced set with a stale expectation fails with CheckpointConflictError and leaves the value',
    requires: 'checkpoints',
    async run(context) {
      const checkpoints = checkpointsOf(context);
      const [p1, p2, p3] = await positions(context, 3);
      const error = await expectError(
        () => checkpoints.set('mailer', p2!, { expected: p1! }),
        'CHECKPOINT_CONFLICT',
        'expecting a value on a missing checkpoint',
      );
      assert.equal(error.checkpoint, 'mailer');
      assert.equal(await checkpoints.get('mailer'), null);
      await checkpoints.set('mailer', p2!);
      const stale = await expectError(() => checkpoints.set('mailer', p3!, { expected: p1! }), 'CHECKPOINT_CONFLICT', 'expecting an old value');
      assert.equal(stale.expected, p1);
      assert.equal(stale.actual, p2);
      await expectError(() => checkpoints.set('mailer', p3!, { expected: null }), 'CHECKPOINT_CONFLICT', 'expecting none when one exists');
      assert.equal(await checkpoints.get('mailer'), p2, 'a refused fenced set leaves the value');
    },
  },
  {
    slug: 'concurrent-fenced-sets-have-one-winner',
    name: 'of concurrent fenced sets expecting the same value exactly one wins',
    requires: 'checkpoints',
    async run(context) {
      const checkpoints = checkpointsOf(context);
      const all = await positions(context, 9);
      await checkpoints.set('projector', all[0]!);
      const outcomes = await Promise.allSettled(all.slice(1).map((position) => checkpoints.set('projector', position, { expected: all[0]! })));
      const won = all.slice(1).filter((_, index) => outcomes[index]!.status === 'fulfilled');
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          assert.equal((outcome.reason as { code?: unknown }).code, 'CHECKPOINT_CONFLICT', `a losing set must conflict, got ${describeError(outcome.reason)}`);
        }
      }
      assert.equal(won.length, 1, 'exactly one fenced set wins');
      assert.equal(await checkpoints.get('projector'), won[0]);
    },
  },
  {
    slug: 'a-checkpoint-resumes-where-it-left-off',
    name: 'a position read back from the checkpoint store resumes readAll and subscribe exactly after it',
    requires: 'checkpoints',
    async run(context) {
      const checkpoints = checkpointsOf(context);
      const { store } = context;
      const appended = (await store.append('account-1', sampleEvents(10))).events;
      let handled = 0;
      for await (const event of store.readAll()) {
        await checkpoints.set('statements', event.position);
        if (++handled === 4) break;
      }
      const saved = await checkpoints.get('statements');
      assert.ok(saved !== null);
      const resumed = asGlobalPosition(String(saved));
      assert.deepEqual(ids(await readAll(store, { after: resumed })), ids(appended.slice(4)));
      const probe = new SubscriptionProbe(store.subscribe({ from: resumed }), context.waitTimeoutMs);
      try {
        const later = (await store.append('account-2', sampleEvents(1))).events;
        await probe.waitForEvent(later[0]!.eventId);
        assert.deepEqual(ids(probe.events), ids([...appended.slice(4), ...later]));
      } finally {
        probe.stop();
      }
    },
  },
  {
    slug: 'delete-and-list',
    name: 'list returns every checkpoint with its position and update time; delete forgets one',
    requires: 'checkpoints',
    async run(context) {
      const checkpoints = checkpointsOf(context);
      const [p1, p2] = await positions(context, 2);
      const before = Date.now();
      await checkpoints.set('b-projector', p2!);
      await checkpoints.set('a-projector', p1!);
      const listed = (await checkpoints.list()).sort((x, y) => (x.name < y.name ? -1 : 1));
      assert.deepEqual(
        listed.map(({ name, position }) => [name, position]),
        [
          ['a-projector', p1],
          ['b-projector', p2],
        ],
      );
      for (const record of listed) {
        assert.ok(record.updatedAt instanceof Date && Math.abs(record.updatedAt.getTime() - before) < 60_000, 'updatedAt is about now');
      }
      await checkpoints.delete('a-projector');
      assert.equal(await checkpoints.get('a-projector'), null);
      assert.equal(await checkpoints.get('b-projector'), p2);
      assert.deepEqual(
        (await checkpoints.list()).map((record) => record.name),
        ['b-projector'],
      );
      await checkpoints.delete('never-existed');
    },
  },
  {
    slug: 'bad-names-are-refused',
    name: 'empty, padded, NUL-containing, half-surrogate or over-long (in UTF-8 bytes) checkpoint names and non-object options are refused with InvalidInputError; the longest valid name works',
    requires: 'checkpoints',
    async run(context) {
      const checkpoints = checkpointsOf(context);
      const [p1] = await positions(context, 1);
      const { valid, tooLong } = edgeIdentifiers(3);
      for (const name of ['', ' padded', 'a\u0000b', '\uD83D', 42, null, ...tooLong]) {
        const what = `a name of ${typeof name === 'string' ? `${name.length} UTF-16 units` : String(name)}`;
        await expectError(() => checkpoints.set(name as string, p1!), 'INVALID_INPUT', `set with ${what}`);
        await expectError(() => checkpoints.get(name as string), 'INVALID_INPUT', `get with ${what}`);
        await expectError(() => checkpoints.delete(name as string), 'INVALID_INPUT', `delete with ${what}`);
      }
      for (const options of [null, 'fenced', [p1]]) {
        await expectError(
          () => checkpoints.set('balances', p1!, options as SetCheckpointOptions),
          'INVALID_INPUT',
          `set with options ${JSON.stringify(options)}`,
        );
      }
      await expectError(() => checkpoints.set('balances', p1!, { expected: 'a\u0000b' as GlobalPosition }), 'INVALID_INPUT', 'an expected position with NUL');
      assert.deepEqual(await checkpoints.list(), []);
      for (const name of valid) {
        await checkpoints.set(name, p1!, { expected: null });
        assert.equal(await checkpoints.get(name), p1);
      }
      assert.deepEqual((await checkpoints.list()).map((record) => record.name).sort(), [...valid].sort());
    },
  },
]);
