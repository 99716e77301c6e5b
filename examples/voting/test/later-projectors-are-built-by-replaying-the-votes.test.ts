import { InMemoryEventStore, type EventStore } from '@factum/event-store';
import { createApp, type App } from '@factum/core';
import { CastVote, firstHundredVotes, foldVotes, NaiveCount, OneVotePerVoter, Poll, tallyOfTheFirstHundredVotes, ValidChoicesOnly } from '../src';
import { expectedTallies, scriptedVotes } from './support/scripted-votes';

// Resolves once every subscriber of the app has handled everything up to the head of the log.
async function caughtUp(app: App, store: EventStore): Promise<void> {
  await app.subscribers.waitFor(await store.headPosition());
}

describe('the voting example', () => {
  it('counts naively while the votes come in, then builds the later rules from the stored votes', async () => {
    const store = new InMemoryEventStore();

    // Day one: the only read model is the naive count, and it is live while people vote.
    const dayOne = await createApp({ store, aggregates: [Poll], projectors: [NaiveCount] });
    await dayOne.start();
    for (const vote of scriptedVotes) {
      await dayOne.dispatch(CastVote({ pollId: 'drinks', ...vote }), { consistency: 'strong' });
    }
    expect(dayOne.container.get(NaiveCount).tally()).toEqual(expectedTallies.naiveCount);
    await dayOne.stop();

    // Later: two new rules are deployed. Their projectors did not exist when anyone voted; they
    // start from the origin of the log and are built by replaying the 108 stored votes.
    const later = await createApp({ store, aggregates: [Poll], projectors: [NaiveCount, OneVotePerVoter, ValidChoicesOnly] });
    await later.start();
    await caughtUp(later, store);
    expect(later.container.get(NaiveCount).tally()).toEqual(expectedTallies.naiveCount);
    expect(later.container.get(OneVotePerVoter).tally()).toEqual(expectedTallies.oneVotePerVoter);
    expect(later.container.get(ValidChoicesOnly).tally()).toEqual(expectedTallies.validChoicesOnly);

    // The last rule: only the first 100 votes count. That is a question about a point in the
    // history, so no projector is kept for it: the valid-choices projector is replayed, in a new
    // instance, up to the 100th vote. It equals the reference fold.
    const firstHundred = await tallyOfTheFirstHundredVotes(later, 'drinks');
    expect(firstHundred).toEqual(expectedTallies.firstHundredVotes);
    expect(firstHundred).toEqual(foldVotes(firstHundredVotes, scriptedVotes));

    // The live projectors go on: one more valid vote by a new voter counts, and the poll as it
    // stood after its first 100 votes does not change.
    await later.dispatch(CastVote({ pollId: 'drinks', voter: 'fay', choice: 'coffee' }), { consistency: 'strong' });
    expect(later.container.get(ValidChoicesOnly).tally().coffee).toBe(2);
    expect(await tallyOfTheFirstHundredVotes(later, 'drinks')).toEqual(expectedTallies.firstHundredVotes);

    // The stream holds every vote as it was cast, including those no rule counts.
    let stored = 0;
    for await (const event of store.readStream('poll-drinks')) if (event.type === 'VoteCast') stored++;
    expect(stored).toBe(scriptedVotes.length + 1);
    await later.stop();
  });

  it('a rebuild folds the same history again to the same tally', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Poll], projectors: [ValidChoicesOnly] });
    await app.start();
    for (const vote of scriptedVotes) await app.dispatch(CastVote({ pollId: 'drinks', ...vote }));
    await caughtUp(app, store);
    const before = app.container.get(ValidChoicesOnly).tally();
    await app.projections.rebuild('valid-choices-only');
    expect(app.container.get(ValidChoicesOnly).tally()).toEqual(before);
    expect(before).toEqual(expectedTallies.validChoicesOnly);
    await app.stop();
  });

  it('has no answer for the first 100 votes before 100 votes are cast', async () => {
    const app = await createApp({ store: new InMemoryEventStore(), aggregates: [Poll] });
    for (const vote of scriptedVotes.slice(0, 99)) await app.dispatch(CastVote({ pollId: 'drinks', ...vote }));
    expect(await tallyOfTheFirstHundredVotes(app, 'drinks')).toBeNull();
    await app.dispatch(CastVote({ pollId: 'drinks', ...scriptedVotes[99]! }));
    expect(await tallyOfTheFirstHundredVotes(app, 'drinks')).toEqual(foldVotes(firstHundredVotes, scriptedVotes.slice(0, 100)));
  });
});
