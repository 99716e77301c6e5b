import { isOnBallot } from '../poll/ballot';
import type { Fold } from './fold';
import { oneVotePerVoter, type OneVotePerVoterState } from './one-vote-per-voter';

/**
 * One vote per voter, and only for a choice on the ballot. A vote off the ballot is spoilt: it is
 * ignored and does not use up the voter's vote, so their first valid vote counts.
 */
export const validChoicesOnly: Fold<OneVotePerVoterState> = {
  initial: oneVotePerVoter.initial,
  evolve: (state, vote) => (isOnBallot(vote.choice) ? oneVotePerVoter.evolve(state, vote) : state),
  tally: oneVotePerVoter.tally,
};
