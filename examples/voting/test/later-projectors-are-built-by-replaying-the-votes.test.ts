import { InMemoryEventStore, type EventStore } from '@factum/event-store';
import { createApp, type App } from '@factum/core';
import { CastVote, FirstHundredVotes, NaiveCount, OneVotePerVoter, Poll, ValidChoicesOnly } from '../src';
import { expectedTallies, scriptedVotes } from './support/scripted-votes';

// Resolves once every subscriber of the app has handled the last event of the log.
async function caughtUp(app: App, store: EventStore, timeoutMs = 5_000): Promise<void> {
  const head = await store.headPosition();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await app.subscribers.status();
    const behind = statuses.filter((status) => head !== null && (status.position === null || store.comparePositions(status.position, head) < 0));
    if (behind.length === 0) return;
    if (Date.now() > deadline) throw new Error(`not caught up after ${timeoutMs} ms: ${behind.map((s) => `${s.name} (${s.state})`).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
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

    // Later: three new rules are deployed. Their projectors did not exist when anyone voted; they
    // start from the origin of the log and are built by replaying the 108 stored votes.
    const later = await createApp({ store, aggregates: [Poll], projectors: [NaiveCount, OneVotePerVoter, ValidChoicesOnly, FirstHundredVotes] });
    await later.start();
    await caughtUp(later, store);
    expect(later.container.get(NaiveCount).tally()).toEqual(expectedTallies.naiveCount);
    expect(later.container.get(OneVotePerVoter).tally()).toEqual(expectedTallies.oneVotePerVoter);
    expect(later.container.get(ValidChoicesOnly).tally()).toEqual(expectedTallies.validChoicesOnly);
    expect(later.container.get(FirstHundredVotes).tally()).toEqual(expectedTallies.firstHundredVotes);

    // After the replay they go on live: one more valid vote by a new voter counts everywhere but
    // in the full poll.
    await later.dispatch(CastVote({ pollId: 'drinks', voter: 'fay', choice: 'coffee' }), { consistency: 'strong' });
    expect(later.container.get(ValidChoicesOnly).tally().coffee).toBe(2);
    expect(later.container.get(FirstHundredVotes).tally().coffee).toBe(1);

    // The stream holds every vote as it was cast, including those no rule counts.
    let stored = 0;
    for await (const event of store.readStream('poll-drinks')) if (event.type === 'VoteCast') stored++;
    expect(stored).toBe(scriptedVotes.length + 1);
    await later.stop();
  });

  it('a rebuild folds the same history again to the same tally', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Poll], projectors: [FirstHundredVotes] });
    await app.start();
    for (const vote of scriptedVotes) await app.dispatch(CastVote({ pollId: 'drinks', ...vote }));
    await caughtUp(app, store);
    const before = app.container.get(FirstHundredVotes).tally();
    await app.projections.rebuild('first-hundred-votes');
    expect(app.container.get(FirstHundredVotes).tally()).toEqual(before);
    expect(before).toEqual(expectedTallies.firstHundredVotes);
    await app.stop();
  });
});
