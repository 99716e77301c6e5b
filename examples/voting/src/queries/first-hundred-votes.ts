import type { App } from '@factum/core';
import type { Tally } from '../folds/fold';
import { POLL_CAPACITY } from '../folds/first-hundred-votes';
import { VoteCast } from '../poll/vote-cast';
import { ValidChoicesOnly } from '../projections/valid-choices-only.projector';

/**
 * What the poll said once its first 100 votes were in: the valid-choices count, replayed over
 * the log up to the 100th vote. No projector is kept for it: the question is about a point in
 * the history, and the history is stored. `null` while fewer than 100 votes have been cast.
 */
export async function tallyOfTheFirstHundredVotes(app: App, pollId: string): Promise<Tally | null> {
  let cast = 0;
  for await (const event of app.store.readStream(`poll-${pollId}`)) {
    if (event.type !== VoteCast.type || ++cast < POLL_CAPACITY) continue;
    const asOfThen = await app.projections.replay(ValidChoicesOnly, { upTo: event.position });
    return asOfThen.tally();
  }
  return null;
}
