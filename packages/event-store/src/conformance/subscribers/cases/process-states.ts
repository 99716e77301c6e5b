import assert from 'node:assert/strict';
import { asGlobalPosition } from '../../../contract/position';
import { expectError } from '../../support/expect-error';
import { defineSubscriberTopic } from '../subscriber-conformance-case';

/** `ProcessStateStore`: one state per (process, key), replaced on save, listed by key, deleted when the instance ends. */
export const processStateCases = defineSubscriberTopic('process-states', [
  {
    slug: 'save-load-replace-delete',
    name: 'an unknown instance loads as null; save stores its state and position, save again replaces them, delete forgets it',
    async run({ subscribers }) {
      const states = subscribers.processStates;
      assert.equal(await states.load('transfers', 't-1'), null);
      await states.save({ processName: 'transfers', key: 't-1', state: { step: 'debited', amount: 5 }, position: null });
      const first = await states.load('transfers', 't-1');
      assert.deepEqual(
        { processName: first?.processName, key: first?.key, state: first?.state, position: first?.position },
        { processName: 'transfers', key: 't-1', state: { step: 'debited', amount: 5 }, position: null },
      );
      assert.ok(first?.updatedAt instanceof Date && !Number.isNaN(first.updatedAt.getTime()), 'updatedAt is a valid Date');
      await states.save({ processName: 'transfers', key: 't-1', state: { step: 'credited' }, position: asGlobalPosition('7') });
      const second = await states.load('transfers', 't-1');
      assert.deepEqual(second?.state, { step: 'credited' }, 'save replaces the whole state, it does not merge');
      assert.equal(second?.position, '7');
      await states.delete('transfers', 't-1');
      assert.equal(await states.load('transfers', 't-1'), null);
    },
  },
  {
    slug: 'json-is-kept-exactly',
    name: 'the state comes back as the same JSON: nesting, arrays, null, unicode, numbers and an empty object',
    async run({ subscribers }) {
      const state = { nested: { list: [1, 2.5, -3, null, 'ü😀'], empty: {}, flag: false }, text: 'line\nbreak "quoted"', big: 9007199254740991 };
      await subscribers.processStates.save({ processName: 'p', key: 'k', state, position: null });
      assert.deepEqual((await subscribers.processStates.load('p', 'k'))?.state, state);
    },
  },
  {
    slug: 'list-is-per-process-and-ordered-by-key',
    name: 'list returns the instances of one process manager only, ordered by key',
    async run({ subscribers }) {
      const states = subscribers.processStates;
      for (const key of ['t-2', 't-10', 't-1']) await states.save({ processName: 'transfers', key, state: { key }, position: null });
      await states.save({ processName: 'orders', key: 'o-1', state: {}, position: null });
      await states.save({ processName: 'transfers-v2', key: 'x', state: {}, position: null });
      const keys = (await states.list('transfers')).map((instance) => instance.key);
      assert.deepEqual(keys, ['t-1', 't-10', 't-2']);
      assert.deepEqual((await states.list('nobody')).length, 0);
    },
  },
  {
    slug: 'refuses-what-is-not-json',
    name: 'a state that is not JSON (a function, undefined, NaN) is refused with INVALID_INPUT and nothing is stored',
    async run({ subscribers }) {
      for (const state of [() => 1, undefined, Number.NaN]) {
        await expectError(
          () => subscribers.processStates.save({ processName: 'p', key: 'k', state: state as never, position: null }),
          'INVALID_INPUT',
          `saving the state ${String(state)}`,
        );
      }
      assert.equal(await subscribers.processStates.load('p', 'k'), null);
    },
  },
]);
