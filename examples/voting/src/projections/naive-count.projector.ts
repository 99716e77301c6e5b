import { On, Projector, type DecodedEvent } from '@factum/core';
import type { Tally } from '../folds/fold';
import { naiveCount } from '../folds/naive-count';
import { VoteCast } from '../poll/vote-cast';

// The first rule anyone writes: count every vote.
@Projector({ name: 'naive-count' })
export class NaiveCount {
  private state: Tally = naiveCount.initial();

  @On(VoteCast)
  cast(event: DecodedEvent<typeof VoteCast>): void {
    this.state = naiveCount.evolve(this.state, event.data);
  }

  tally(): Tally {
    return naiveCount.tally(this.state);
  }

  // A rebuild starts the fold again from its initial state.
  reset(): void {
    this.state = naiveCount.initial();
  }
}
