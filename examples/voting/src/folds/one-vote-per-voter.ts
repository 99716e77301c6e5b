import { addVote, type Fold, type Tally } from './fold';

export interface OneVotePerVoterState {
  voted: ReadonlySet<string>;
  tally: Tally;
}

/** The naive count, plus a memory of who has voted: a voter's first vote counts, later ones do not. */
export const oneVotePerVoter: Fold<OneVotePerVoterState> = {
  initial: () => ({ voted: new Set(), tally: {} }),
  evolve: (state, vote) => (state.voted.has(vote.voter) ? state : { voted: new Set(state.voted).add(vote.voter), tally: addVote(state.tally, vote.choice) }),
  tally: (state) => state.tally,
};
