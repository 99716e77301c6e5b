import type { Vote } from '../../src';

/**
 * Eight votes by five people, then 100 more by 100 others:
 * - ada and bob vote twice (ada changes her mind, bob repeats himself);
 * - cy votes for 'pizza', which is not on the ballot, then for 'tea';
 * - eve votes only for 'pizza';
 * - voter-001 … voter-100 each vote 'water' once, so the 100-vote limit is reached partway through.
 */
export const scriptedVotes: readonly Vote[] = [
  { voter: 'ada', choice: 'tea' },
  { voter: 'bob', choice: 'coffee' },
  { voter: 'cy', choice: 'pizza' },
  { voter: 'ada', choice: 'coffee' },
  { voter: 'dee', choice: 'water' },
  { voter: 'cy', choice: 'tea' },
  { voter: 'bob', choice: 'coffee' },
  { voter: 'eve', choice: 'pizza' },
  ...Array.from({ length: 100 }, (_, index) => ({ voter: `voter-${String(index + 1).padStart(3, '0')}`, choice: 'water' })),
];

// Worked out by hand from the script above, rule by rule.
export const expectedTallies = {
  // 108 votes: tea ada+cy, coffee bob+ada+bob, pizza cy+eve, water dee+100.
  naiveCount: { tea: 2, coffee: 3, pizza: 2, water: 101 },
  // First vote of each of the 105 voters: ada tea, bob coffee, cy pizza, eve pizza, dee + 100 water.
  oneVotePerVoter: { tea: 1, coffee: 1, pizza: 2, water: 101 },
  // cy's pizza is spoilt, so her tea counts; eve has no valid vote.
  validChoicesOnly: { tea: 2, coffee: 1, water: 101 },
  // The first 100 ballots: the eight above (ada, bob, dee and cy count), then voter-001 … voter-092.
  firstHundredVotes: { tea: 2, coffee: 1, water: 93 },
};
