/** A vote as the folds see it: the data of a `VoteCast` event. */
export interface Vote {
  voter: string;
  choice: string;
}

/** Votes per choice. */
export type Tally = Record<string, number>;

/**
 * A projection is a left fold over the events: a start state and a function from (state, event)
 * to the next state. `tally` reads the result. Folding the same votes always gives the same tally,
 * which is why a projector can be rebuilt, or added later, by replaying the log.
 */
export interface Fold<S> {
  initial(): S;
  evolve(state: S, vote: Vote): S;
  tally(state: S): Tally;
}

/** Runs a fold over a list of votes: what a projector does one event at a time. */
export function foldVotes<S>(fold: Fold<S>, votes: readonly Vote[]): Tally {
  return fold.tally(votes.reduce((state, vote) => fold.evolve(state, vote), fold.initial()));
}

export function addVote(tally: Tally, choice: string): Tally {
  return { ...tally, [choice]: (tally[choice] ?? 0) + 1 };
}
