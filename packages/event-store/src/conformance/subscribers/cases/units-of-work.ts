import assert from 'node:assert/strict';
import { asGlobalPosition } from '../../../contract/position';
import { expectError } from '../../support/expect-error';
import { defineSubscriberTopic } from '../subscriber-conformance-case';
import { sampleDeadLetter as letter } from './sample-dead-letter';

const p1 = asGlobalPosition('1');
const p2 = asGlobalPosition('2');
const p3 = asGlobalPosition('3');

class RollBack extends Error {}

/** `SubscriberStore`: checkpoints, process state and dead letters of one unit of work commit together or not at all. */
export const subscriberStoreCases = defineSubscriberTopic('subscriber-store', [
  {
    slug: 'a-unit-of-work-commits-everything-it-wrote',
    name: 'a unit of work that resolves commits its checkpoint, process state and dead letter together, and returns its result',
    async run({ subscribers }) {
      const result = await subscribers.transaction(async (session) => {
        await session.checkpoints.set('pm', p2, { expected: null });
        await session.processStates.save({ processName: 'pm', key: 't-1', state: { step: 1 }, position: p2 });
        await session.deadLetters.add(letter('pm', 'e-1', p1));
        assert.equal(await session.checkpoints.get('pm'), p2, 'a session reads its own writes');
        return 'done';
      });
      assert.equal(result, 'done');
      assert.equal(await subscribers.checkpoints.get('pm'), p2);
      assert.deepEqual((await subscribers.processStates.load('pm', 't-1'))?.state, { step: 1 });
      assert.equal((await subscribers.deadLetters.list('pm')).length, 1);
    },
  },
  {
    slug: 'a-failing-unit-of-work-keeps-nothing',
    name: 'a unit of work that throws keeps none of its writes and rethrows the error',
    async run({ subscribers }) {
      await subscribers.checkpoints.set('pm', p1);
      await assert.rejects(
        subscribers.transaction(async (session) => {
          await session.checkpoints.set('pm', p3, { expected: p1 });
          await session.processStates.save({ processName: 'pm', key: 't-1', state: { step: 2 }, position: p3 });
          await session.deadLetters.add(letter('pm', 'e-2', p2));
          throw new RollBack('handler failed');
        }),
        RollBack,
        'the error of the work is rethrown as it is',
      );
      assert.equal(await subscribers.checkpoints.get('pm'), p1, 'the checkpoint did not move');
      assert.equal(await subscribers.processStates.load('pm', 't-1'), null, 'no process state was saved');
      assert.deepEqual(await subscribers.deadLetters.list('pm'), [], 'no dead letter was kept');
    },
  },
  {
    slug: 'fenced-checkpoints-refuse-a-stale-writer',
    name: 'a fenced checkpoint write that expects an older position fails with CHECKPOINT_CONFLICT, in a unit of work too, and rolls it back',
    async run({ subscribers }) {
      await subscribers.checkpoints.set('proj', p1, { expected: null });
      await expectError(() => subscribers.checkpoints.set('proj', p2, { expected: null }), 'CHECKPOINT_CONFLICT', 'creating a checkpoint that exists');
      await subscribers.checkpoints.set('proj', p2, { expected: p1 });
      await expectError(
        () =>
          subscribers.transaction(async (session) => {
            await session.processStates.save({ processName: 'proj', key: 'k', state: null, position: p3 });
            await session.checkpoints.set('proj', p3, { expected: p1 });
          }),
        'CHECKPOINT_CONFLICT',
        'moving a checkpoint from a position it no longer has',
      );
      assert.equal(await subscribers.checkpoints.get('proj'), p2, 'the stale write changed nothing');
      assert.equal(await subscribers.processStates.load('proj', 'k'), null, 'the unit of work of the stale writer was rolled back');
    },
  },
  {
    slug: 'deleting-a-checkpoint-starts-over',
    name: 'a deleted checkpoint reads as null and can be created again with expected: null; list shows the others',
    async run({ subscribers }) {
      await subscribers.checkpoints.set('a', p1);
      await subscribers.checkpoints.set('b', p2);
      await subscribers.checkpoints.delete('a');
      assert.equal(await subscribers.checkpoints.get('a'), null);
      await subscribers.checkpoints.set('a', p3, { expected: null });
      const listed = (await subscribers.checkpoints.list()).map((record) => [record.name, record.position]);
      assert.deepEqual(listed, [
        ['a', p3],
        ['b', p2],
      ]);
    },
  },
]);
