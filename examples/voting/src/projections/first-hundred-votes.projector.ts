import { On, Projector, type DecodedEvent } from '@factum/core';
import type { OneVotePerVoterState } from '../folds/one-vote-per-voter';
import type { Tally } from '../folds/fold';
import { firstHundredVotes } from '../folds/first-hundred-votes';
import { VoteCast } from '../poll/vote-cast';

// The rule the organisers announced last: only the first 100 counted votes.
@Projector({ name: 'first-hundred-votes' })
export class FirstHundredVotes {
  private state: OneVotePerVoterState = firstHundredVotes.initial();

  @On(VoteCast)
  cast(event: DecodedEvent<typeof VoteCast>): void {
    this.state = firstHundredVotes.evolve(this.state, event.data);
  }

  tally(): Tally {
    return firstHundredVotes.tally(this.state);
  }

  // A rebuild starts the fold again from its initial state.
  reset(): void {
    this.state = firstHundredVotes.initial();
  }
}
