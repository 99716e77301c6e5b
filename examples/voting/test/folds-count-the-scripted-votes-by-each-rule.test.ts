import { firstHundredVotes, foldVotes, naiveCount, oneVotePerVoter, validChoicesOnly } from '../src';
import { expectedTallies, scriptedVotes } from './support/scripted-votes';

describe('each counting rule, as a plain fold over the scripted votes', () => {
  it.each([
    ['naive count', () => foldVotes(naiveCount, scriptedVotes), expectedTallies.naiveCount],
    ['one vote per voter', () => foldVotes(oneVotePerVoter, scriptedVotes), expectedTallies.oneVotePerVoter],
    ['valid choices only', () => foldVotes(validChoicesOnly, scriptedVotes), expectedTallies.validChoicesOnly],
    ['first 100 votes', () => foldVotes(firstHundredVotes, scriptedVotes), expectedTallies.firstHundredVotes],
  ])('%s', (_rule, count, expected) => {
    expect(count()).toEqual(expected);
  });

  it('a voter whose first vote is spoilt still gets a valid vote, but not after the poll is full', () => {
    const late = [...scriptedVotes, { voter: 'fay', choice: 'tea' }];
    expect(foldVotes(validChoicesOnly, late).tea).toBe(3);
    expect(foldVotes(firstHundredVotes, late).tea).toBe(2);
  });
});
