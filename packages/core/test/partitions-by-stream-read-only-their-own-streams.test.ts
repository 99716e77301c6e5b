import { InMemoryEventStore, InMemorySubscriberStore, partitionOf, type ReadAllOptions, type RecordedEvent, type StreamPartition } from '@factum/event-store';
import { z } from 'zod';
import { createApp, defineEvent, On, Projector, silentLogger, type DecodedEvent } from '@factum/core';
import { eventually } from './support/subscriber-fixtures';

const Tallied = defineEvent('PartitionReadTallied', z.object({ n: z.number().int() }));

/**
 * A store that counts the events its log reads hand out, by whether they asked for one
 * partition; the reads of partition `held`, whole or not, wait until `release()`.
 */
class CountingReads extends InMemoryEventStore {
  readonly handedOut = { partitionOnly: 0, wholeLog: 0 };
  readonly partitionsAsked = new Set<string>();
  reads = 0;
  private readonly released: Promise<void>;
  release = (): void => undefined;

  constructor(private readonly held?: StreamPartition) {
    super();
    this.released = held ? new Promise<void>((resolve) => (this.release = resolve)) : Promise.resolve();
  }

  override async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    this.reads++;
    const partition = options?.filter?.partition;
    if (partition && partition.index === this.held?.index && partition.count === this.held.count) await this.released;
    if (partition) this.partitionsAsked.add(`${partition.index}/${partition.count}`);
    for await (const event of super.readAll(options)) {
      if (partition) this.handedOut.partitionOnly++;
      else this.handedOut.wholeLog++;
      yield event;
    }
  }
}

const STREAMS = 16;
const PER_STREAM = 25;
const EVENTS = STREAMS * PER_STREAM;

async function appendAll(store: InMemoryEventStore): Promise<void> {
  for (let s = 0; s < STREAMS; s++) {
    await store.append(
      `tally-${s}`,
      Array.from({ length: PER_STREAM }, (_, i) => Tallied({ n: i })),
    );
  }
}

function projector(name: string, partitionBy?: (event: RecordedEvent) => string) {
  @Projector({ name, partitions: 4, readModel: 'durable', ...(partitionBy ? { partitionBy } : {}) })
  class Tallies {
    readonly seen = new Map<string, number[]>();

    @On(Tallied)
    tallied(event: DecodedEvent<typeof Tallied>): void {
      this.seen.set(event.streamId, [...(this.seen.get(event.streamId) ?? []), event.data.n]);
    }
  }
  return Tallies;
}

/**
 * A partition of a projector partitioned by stream (the default key) asks the store for its own
 * streams while it catches up, so the log is read about once across the partitions, not once per
 * partition; it then reads the log after its last event whole, so every checkpoint still reaches
 * the head. A custom `partitionBy` cannot be asked of the store: its partitions read the log whole.
 */
describe('partitions of a projector partitioned by stream', () => {
  it('read the log about once between them while catching up, handle every event once in order, and end at the head', async () => {
    const store = new CountingReads();
    await appendAll(store);
    const subscribers = new InMemorySubscriberStore();
    const Tallies = projector('tallies');
    const app = await createApp({ store, projectors: [Tallies], subscriptions: { store: subscribers, batchSize: 20 }, logger: silentLogger });
    await app.start();
    const tallies = app.container.get(Tallies);
    await eventually(() => [...tallies.seen.values()].reduce((sum, seen) => sum + seen.length, 0) === EVENTS, 'every event handled', 10_000);
    await eventually(async () => (await app.subscribers.status()).every((status) => status.lag === 0), 'every partition at the head', 10_000);
    await app.stop();

    for (let s = 0; s < STREAMS; s++) expect(tallies.seen.get(`tally-${s}`)).toEqual(Array.from({ length: PER_STREAM }, (_, i) => i));
    expect([...store.partitionsAsked].sort()).toEqual(['0/4', '1/4', '2/4', '3/4']);
    // Each event once by its own partition; the whole-log reads are the tails after each partition's last event.
    expect(store.handedOut.partitionOnly).toBe(EVENTS);
    expect(store.handedOut.wholeLog).toBeLessThan(EVENTS);
    const head = await store.headPosition();
    for (let index = 0; index < 4; index++) expect(await subscribers.checkpoints.get(`tallies#${index}`)).toBe(head);
  });

  it('reads the tail whole: a partition with no events of its own still catches up to the head, after the shared reader is live there', async () => {
    // Partition 0's reads wait until partition 1 is live (the shared reader at the head with it).
    const store = new CountingReads({ index: 0, count: 2 });
    const late = Array.from({ length: 400 }, (_, s) => `tally-x${s}`).filter((id) => partitionOf(id, 2) === 1);
    for (const id of late.slice(0, 100))
      await store.append(
        id,
        Array.from({ length: 25 }, (_, n) => Tallied({ n })),
      );
    const subscribers = new InMemorySubscriberStore();
    @Projector({ name: 'halves', partitions: 2, readModel: 'durable' })
    class Halves {
      handled = 0;

      @On(Tallied)
      tallied(): void {
        this.handled++;
      }
    }
    const app = await createApp({ store, projectors: [Halves], subscriptions: { store: subscribers, batchSize: 10 }, logger: silentLogger });
    await app.start();
    await eventually(
      async () => (await app.subscribers.status()).some((status) => status.name === 'halves#1' && status.state === 'live'),
      'partition 1 live',
      10_000,
    );
    store.release();
    await eventually(() => app.container.get(Halves).handled === 2_500, 'every event handled', 10_000);
    await eventually(async () => (await app.subscribers.status()).every((status) => status.lag === 0), 'both partitions at the head', 10_000);
    // Caught up and live: no partition goes on reading the log while nothing is appended.
    const reads = store.reads;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(store.reads - reads).toBeLessThanOrEqual(2);
    await app.stop();
    const head = await store.headPosition();
    expect(await subscribers.checkpoints.get('halves#0')).toBe(head);
    expect(await subscribers.checkpoints.get('halves#1')).toBe(head);
  });

  it('with a custom partitionBy, read the whole log in every partition (the store cannot pick their events)', async () => {
    const store = new CountingReads();
    await appendAll(store);
    const Tallies = projector('tallies-by-number', (event) => String((event.data as { n: number }).n));
    const app = await createApp({ store, projectors: [Tallies], subscriptions: { store: new InMemorySubscriberStore(), batchSize: 20 }, logger: silentLogger });
    await app.start();
    const tallies = app.container.get(Tallies);
    await eventually(() => [...tallies.seen.values()].reduce((sum, seen) => sum + seen.length, 0) === EVENTS, 'every event handled', 10_000);
    await app.stop();
    expect(store.partitionsAsked.size).toBe(0);
    expect(store.handedOut.wholeLog).toBeGreaterThanOrEqual(4 * EVENTS);
  });
});
