import { addVote, type Fold, type Tally } from './fold';

/** Every vote counts: second votes and choices off the ballot included. */
export const naiveCount: Fold<Tally> = {
  initial: () => ({}),
  evolve: (tally, vote) => addVote(tally, vote.choice),
  tally: (tally) => tally,
};
