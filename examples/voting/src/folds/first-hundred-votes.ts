import type { Fold } from './fold';
import type { OneVotePerVoterState } from './one-vote-per-voter';
import { validChoicesOnly } from './valid-choices-only';

export const POLL_CAPACITY = 100;

/** The valid-choices rule, and the poll closes once 100 votes have been counted: later votes are ignored. */
export const firstHundredVotes: Fold<OneVotePerVoterState> = {
  initial: validChoicesOnly.initial,
  evolve: (state, vote) => (state.voted.size >= POLL_CAPACITY ? state : validChoicesOnly.evolve(state, vote)),
  tally: validChoicesOnly.tally,
};
