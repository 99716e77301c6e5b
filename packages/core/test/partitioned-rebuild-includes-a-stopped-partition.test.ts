import { InMemoryEventStore } from '@factum/event-store';
import { z } from 'zod';
import { createApp, defineEvent, On, Projector, silentLogger, type DecodedEvent, type RebuildProgress } from '@factum/core';
import { eventually } from './support/subscriber-fixtures';

const Tallied = defineEvent('RebuildTestTallied', z.object({ n: z.number().int() }));

/** A durable-read-model projector (kept in a field here) with a bug on event 13 until `fixed`. */
@Projector({ name: 'tallies', partitions: 4, readModel: 'durable', onError: 'stop', retry: { maxAttempts: 1 } })
class Tallies {
  static fixed = false;
  readonly seen: number[] = [];
  resets = 0;

  @On(Tallied)
  tallied(event: DecodedEvent<typeof Tallied>): void {
    if (event.data.n === 13 && !Tallies.fixed) throw new Error('cannot tally 13');
    this.seen.push(event.data.n);
  }

  reset(): void {
    this.resets++;
    this.seen.length = 0;
  }
}

describe('a rebuild of a partitioned projector with a shared read model', () => {
  it('takes in a partition stopped at a failing event: the read model is reset once and every event is replayed once', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, projectors: [Tallies], logger: silentLogger });
    await app.start();
    for (let n = 0; n < 40; n++) await store.append(`tally-${n % 10}`, [Tallied({ n })]);
    await eventually(async () => (await app.subscribers.status()).some((status) => status.state === 'stopped'), 'a partition stopped at 13');
    const tallies = app.container.get(Tallies);
    expect(tallies.seen).not.toContain(13);

    Tallies.fixed = true;
    const progress: RebuildProgress[] = [];
    const report = await app.projections.rebuild('tallies', { onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({ subscriber: 'tallies', events: 40 });
    expect(progress.at(-1)).toMatchObject({ done: 40, total: 40, finished: true });
    expect(tallies.resets).toBe(1);
    expect([...tallies.seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect((await app.subscribers.status()).map((status) => status.state)).toEqual(['live', 'live', 'live', 'live']);
    await app.stop();
  });
});
