import { On, Projector, type DecodedEvent } from '@factum/core';
import type { OneVotePerVoterState } from '../folds/one-vote-per-voter';
import type { Tally } from '../folds/fold';
import { validChoicesOnly } from '../folds/valid-choices-only';
import { VoteCast } from '../poll/vote-cast';

// The rule after the second complaint: votes off the ballot do not count either.
@Projector({ name: 'valid-choices-only' })
export class ValidChoicesOnly {
  private state: OneVotePerVoterState = validChoicesOnly.initial();

  @On(VoteCast)
  cast(event: DecodedEvent<typeof VoteCast>): void {
    this.state = validChoicesOnly.evolve(this.state, event.data);
  }

  tally(): Tally {
    return validChoicesOnly.tally(this.state);
  }

  // A rebuild starts the fold again from its initial state.
  reset(): void {
    this.state = validChoicesOnly.initial();
  }
}
