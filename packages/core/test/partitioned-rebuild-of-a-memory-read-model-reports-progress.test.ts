import { InMemoryEventStore } from '@factum/event-store';
import { z } from 'zod';
import { createApp, defineEvent, On, Projector, silentLogger, type DecodedEvent, type RebuildProgress } from '@factum/core';

const Counted = defineEvent('ProgressTestCounted', z.object({ n: z.number().int() }));

/** A partitioned projector with an in-memory read model: its partitions replay side by side in this process. */
@Projector({ name: 'counts', partitions: 3, readModel: 'memory' })
class Counts {
  readonly seen: number[] = [];

  @On(Counted)
  counted(event: DecodedEvent<typeof Counted>): void {
    this.seen.push(event.data.n);
  }

  reset(): void {
    this.seen.length = 0;
  }
}

it('reports one progress for a partitioned in-memory rebuild, as far as its slowest partition, ending done and finished', async () => {
  const store = new InMemoryEventStore();
  const app = await createApp({ store, projectors: [Counts], logger: silentLogger });
  await app.start();
  for (let n = 0; n < 30; n++) await store.append(`count-${n % 7}`, [Counted({ n })]);
  await app.subscribers.waitFor(await store.headPosition());

  const progress: RebuildProgress[] = [];
  const report = await app.projections.rebuild('counts', { onProgress: (p) => progress.push(p) });
  expect(report).toMatchObject({ subscriber: 'counts', events: 30 });
  expect(progress.length).toBeGreaterThan(0);
  expect(progress.every((p) => p.subscriber === 'counts')).toBe(true);
  expect(progress.at(-1)).toMatchObject({ done: 30, total: 30, finished: true, etaMs: 0 });
  // Never finished before the end, and never going backwards.
  expect(progress.slice(0, -1).every((p) => !p.finished)).toBe(true);
  expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
  expect([...app.container.get(Counts).seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, n) => n));
  await app.stop();
});
