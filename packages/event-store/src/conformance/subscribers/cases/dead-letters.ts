import assert from 'node:assert/strict';
import { asGlobalPosition } from '../../../contract/position';
import { defineSubscriberTopic } from '../subscriber-conformance-case';
import { sampleDeadLetter } from './sample-dead-letter';

/** `DeadLetterStore`: one letter per (subscriber, event), replaced when recorded again, listed oldest first, deleted by hand. */
export const deadLetterCases = defineSubscriberTopic('dead-letters', [
  {
    slug: 'add-list-delete',
    name: 'a dead letter keeps the event and the error as given, with when it failed; delete forgets it',
    async run({ subscribers }) {
      const letters = subscribers.deadLetters;
      const letter = {
        ...sampleDeadLetter('balances', 'e-1', asGlobalPosition('4')),
        error: { name: 'TypeError', message: 'bad ü', code: 'X_CODE', stack: 'at line 1' },
      };
      await letters.add(letter);
      const [kept, ...rest] = await letters.list('balances');
      assert.equal(rest.length, 0);
      const { failedAt, ...fields } = kept!;
      assert.deepEqual(fields, letter);
      assert.ok(failedAt instanceof Date && !Number.isNaN(failedAt.getTime()), 'failedAt is a valid Date');
      assert.equal(await letters.delete('balances', 'e-1'), true, 'delete answers true when it removed the letter');
      assert.deepEqual(await letters.list('balances'), []);
      assert.equal(await letters.delete('balances', 'e-1'), false, 'delete answers false when the letter was not there');
    },
  },
  {
    slug: 'concurrent-removals-count-once',
    name: 'of concurrent removals of one letter, exactly one answers true (a retry and a skip never both act)',
    async run({ subscribers }) {
      const letters = subscribers.deadLetters;
      await letters.add(sampleDeadLetter('balances', 'e-9', asGlobalPosition('9')));
      const answers = await Promise.all(Array.from({ length: 6 }, () => letters.delete('balances', 'e-9')));
      assert.equal(answers.filter(Boolean).length, 1, `answers: ${answers.join(', ')}`);
      assert.deepEqual(await letters.list('balances'), []);
    },
  },
  {
    slug: 'units-of-work-removing-one-letter-commit-once',
    name: 'of concurrent units of work that each remove one letter (and give up when it is gone), exactly one commits',
    async run({ subscribers }) {
      await subscribers.deadLetters.add(sampleDeadLetter('balances', 'e-8', asGlobalPosition('8')));
      class Gone extends Error {}
      const outcomes = await Promise.allSettled(
        Array.from({ length: 4 }, () =>
          subscribers.transaction(async (session) => {
            if (!(await session.deadLetters.delete('balances', 'e-8'))) throw new Gone('the letter is gone');
            await new Promise((resolve) => setTimeout(resolve, 10)); // the handling, while the unit of work is open
            await session.checkpoints.set('balances', asGlobalPosition('8'));
          }),
        ),
      );
      assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1, JSON.stringify(outcomes));
      assert.deepEqual(await subscribers.deadLetters.list('balances'), []);
    },
  },
  {
    slug: 'recording-again-replaces',
    name: 'recording the same (subscriber, event) again replaces the earlier letter instead of adding one',
    async run({ subscribers }) {
      const letters = subscribers.deadLetters;
      await letters.add(sampleDeadLetter('balances', 'e-1', asGlobalPosition('4')));
      await letters.add({
        ...sampleDeadLetter('balances', 'e-1', asGlobalPosition('4')),
        attempts: 9,
        error: { name: 'Error', message: 'again', code: null, stack: null },
      });
      const kept = await letters.list('balances');
      assert.equal(kept.length, 1);
      assert.equal(kept[0]?.attempts, 9);
      assert.equal(kept[0]?.error.message, 'again');
    },
  },
  {
    slug: 'list-per-subscriber-or-all-oldest-first',
    name: 'list(subscriber) returns only its letters; list() returns all, oldest first',
    async run({ subscribers }) {
      const letters = subscribers.deadLetters;
      await letters.add(sampleDeadLetter('a', 'e-1', asGlobalPosition('1')));
      await new Promise((resolve) => setTimeout(resolve, 5));
      await letters.add(sampleDeadLetter('b', 'e-2', asGlobalPosition('2')));
      await new Promise((resolve) => setTimeout(resolve, 5));
      await letters.add(sampleDeadLetter('a', 'e-3', asGlobalPosition('3')));
      assert.deepEqual(
        (await letters.list('a')).map((letter) => letter.eventId),
        ['e-1', 'e-3'],
      );
      assert.deepEqual(
        (await letters.list()).map((letter) => letter.eventId),
        ['e-1', 'e-2', 'e-3'],
      );
      await letters.delete('a', 'e-2');
      assert.equal((await letters.list()).length, 3, 'deleting a letter of another subscriber deletes nothing');
    },
  },
]);
