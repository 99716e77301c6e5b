import { InMemorySubscriberStore } from '@factum/event-store';
import { z } from 'zod';
import { createApp, defineEvent, On, Projector, type DecodedEvent } from '@factum/core';
import { ReadCountingStore } from './support/counting-store';
import { eventually } from './support/subscriber-fixtures';

const Stepped = defineEvent('SharedPartitionStepped', z.object({ n: z.number().int() }));

/** Records, per stream, the numbers it saw in order; a little awaited I/O per event so partitions interleave. */
@Projector({ name: 'steps', partitions: 4, readModel: 'durable' })
class Steps {
  readonly seen = new Map<string, number[]>();

  @On(Stepped)
  async stepped(event: DecodedEvent<typeof Stepped>): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.seen.set(event.streamId, [...(this.seen.get(event.streamId) ?? []), event.data.n]);
  }
}

it('the partitions of a live projector share one read per append, and each stream is handled in order, once', async () => {
  const store = new ReadCountingStore();
  const app = await createApp({ store, projectors: [Steps], subscriptions: { store: new InMemorySubscriberStore() } });
  await app.start();
  await eventually(async () => (await app.subscribers.status()).every((status) => status.state === 'live'), 'every partition live');
  const steps = app.container.get(Steps);
  const before = store.reads;
  const STREAMS = 12;
  const PER_STREAM = 10;
  for (let n = 0; n < PER_STREAM; n++) {
    for (let s = 0; s < STREAMS; s++) {
      await store.append(`step-${s}`, [Stepped({ n })]);
      const total = n * STREAMS + s + 1;
      await eventually(() => [...steps.seen.values()].reduce((sum, list) => sum + list.length, 0) === total, `${total} events handled`);
    }
  }
  // One subscription per partition would read 4 times per append.
  expect(store.reads - before).toBeLessThanOrEqual(STREAMS * PER_STREAM + 5);
  for (let s = 0; s < STREAMS; s++) expect(steps.seen.get(`step-${s}`)).toEqual(Array.from({ length: PER_STREAM }, (_, n) => n));
  await app.stop();
});
