import { Aggregate, AggregateRoot, Apply, CommandHandler, type CommandOf } from '@factum/core';
import { CastVote, VoteCast } from './vote-cast';

/**
 * A poll records every vote cast, on its stream `poll-<pollId>`. It deliberately refuses nothing:
 * a second vote or a vote off the ballot is still a fact worth keeping, and the counting rules
 * live in the projectors, where they can change and be applied again to the whole history.
 */
@Aggregate({ category: 'poll' })
export class Poll extends AggregateRoot {
  votesCast = 0;

  @CommandHandler(CastVote, { id: (command) => command.pollId })
  cast(command: CommandOf<typeof CastVote>): void {
    this.emit(VoteCast({ voter: command.voter, choice: command.choice }));
  }

  @Apply(VoteCast)
  protected counted(): void {
    this.votesCast += 1;
  }
}
