import { On, Projector, type DecodedEvent } from '@factum/core';
import type { OneVotePerVoterState } from '../folds/one-vote-per-voter';
import type { Tally } from '../folds/fold';
import { oneVotePerVoter } from '../folds/one-vote-per-voter';
import { VoteCast } from '../poll/vote-cast';

// The rule after the first complaint: a voter's second vote does not count.
@Projector({ name: 'one-vote-per-voter' })
export class OneVotePerVoter {
  private state: OneVotePerVoterState = oneVotePerVoter.initial();

  @On(VoteCast)
  cast(event: DecodedEvent<typeof VoteCast>): void {
    this.state = oneVotePerVoter.evolve(this.state, event.data);
  }

  tally(): Tally {
    return oneVotePerVoter.tally(this.state);
  }

  // A rebuild starts the fold again from its initial state.
  reset(): void {
    this.state = oneVotePerVoter.initial();
  }
}
