import type { Fold } from './fold';
import type { OneVotePerVoterState } from './one-vote-per-voter';
import { validChoicesOnly } from './valid-choices-only';

export const POLL_CAPACITY = 100;

export interface BallotBoxState extends OneVotePerVoterState {
  /** Ballots cast so far, spoilt and repeated ones included. */
  cast: number;
}

/**
 * The valid-choices rule over the first 100 ballots cast: the box closes after them, and later
 * votes are ignored. The app does not run this fold as a projector: it replays `ValidChoicesOnly`
 * up to the 100th vote (`tallyOfTheFirstHundredVotes`). The fold is the reference it must equal.
 */
export const firstHundredVotes: Fold<BallotBoxState> = {
  initial: () => ({ ...validChoicesOnly.initial(), cast: 0 }),
  evolve: (state, vote) => (state.cast >= POLL_CAPACITY ? state : { ...validChoicesOnly.evolve(state, vote), cast: state.cast + 1 }),
  tally: validChoicesOnly.tally,
};
