import { Subject } from 'rxjs';
import {
  asGlobalPosition,
  catchUpSubscription,
  InMemoryEventStore,
  type EventStore,
  type GlobalPosition,
  type ReadAllOptions,
  type RecordedEvent,
} from '@factum/event-store';
import { HeapWatch, liveHeap, mb } from './support/heap';

/**
 * What this proves: consuming a 100,000-event stream through the async iterable of the contract
 * needs memory for the event in hand, not for the stream.
 * - On the in-memory store, the events themselves are in memory already; iterating them must
 *   add (almost) nothing: no copy of the stream is built. A store that materialises the stream
 *   as decoded rows before yielding is run the same way and must show the growth, which proves
 *   the measurement would catch it.
 * - With a store that generates its events lazily (as a paging database store does), a
 *   `for await` consumer and `catchUpSubscription` both run through 100,000 events of ~1 KB
 *   (about 100 MB if retained) in a few MB of heap: neither the iteration protocol nor the
 *   subscription machinery accumulates events.
 * Heap is sampled after full garbage collections every 25,000 events, so the figures are what is
 * still reachable, not garbage waiting to be collected.
 */

const EVENTS = 100_000;
const SAMPLE_EVERY = 25_000;
/** What a reader may keep: a few MB, against ~140 MB for the in-memory stream and ~100 MB generated. */
const BOUND = 4 * 1024 * 1024;

async function fillLedger(store: EventStore): Promise<void> {
  for (let version = 0; version < EVENTS; version += 1_000) {
    const batch = Array.from({ length: 1_000 }, (_, offset) => ({
      type: 'Posted',
      data: { index: version + offset, memo: `posting ${version + offset} `.padEnd(200, '.') },
    }));
    await store.append('ledger-1', batch, { expectedVersion: version });
  }
}

/** Reads the whole stream, folding it into a count and a checksum, sampling the heap. */
async function foldStream(events: AsyncIterable<RecordedEvent>): Promise<{ count: number; sum: number; maxGrowth: number; maxAhead: number }> {
  const watch = new HeapWatch();
  const madeBefore = made;
  let count = 0;
  let sum = 0;
  let maxAhead = 0;
  for await (const event of events) {
    maxAhead = Math.max(maxAhead, made - madeBefore - count);
    sum += (event.data as { index: number }).index;
    if (++count % SAMPLE_EVERY === 0) watch.sample();
  }
  return { count, sum, maxGrowth: watch.maxGrowth, maxAhead };
}

const expectedSum = (EVENTS * (EVENTS - 1)) / 2;

/** ~1 KB of fresh data per event, made only when asked for. */
function generatedEvent(index: number): RecordedEvent {
  return {
    type: 'Generated',
    data: { index, payload: `${index}:`.padEnd(1_000, String.fromCharCode(97 + (index % 26))) },
    eventId: `generated-${index}`,
    schemaVersion: 1,
    streamId: 'generated-1',
    version: index + 1,
    position: asGlobalPosition(String(index + 1).padStart(12, '0')),
    occurredAt: new Date(),
    causationId: null,
    correlationId: null,
    metadata: {},
  };
}

/** How many events the generator has made: compared with how many were consumed, it shows who pulls. */
let made = 0;

async function* generate(from: number, to: number): AsyncIterable<RecordedEvent> {
  for (let index = from; index < to; index++) {
    made++;
    yield generatedEvent(index);
  }
}

describe('a lazily generated stream of 100,000 ~1 KB events', () => {
  it('is folded by a for-await consumer one event at a time, in bounded heap', async () => {
    const { count, sum, maxGrowth, maxAhead } = await foldStream(generate(0, EVENTS));
    expect(count).toBe(EVENTS);
    expect(sum).toBe(expectedSum);
    expect(maxAhead).toBe(1); // each event is made only when the consumer asks for it
    // The events add up to ~100 MB; the consumer must stay within a few.
    if (maxGrowth > BOUND) throw new Error(`folding grew the heap by ${mb(maxGrowth)}`);
  });

  it('is delivered by catchUpSubscription, pulled one event at a time, in bounded heap', async () => {
    const madeBefore = made;
    let maxAhead = 0;
    const source = {
      appended$: new Subject<void>(),
      headPosition: async (): Promise<GlobalPosition | null> => generatedEvent(EVENTS - 1).position,
      readAll: ({ after, limit }: ReadAllOptions): AsyncIterable<RecordedEvent> => {
        const from = after === undefined ? 0 : Number(after);
        return generate(from, Math.min(EVENTS, from + (limit ?? EVENTS)));
      },
    };
    const watch = new HeapWatch();
    let count = 0;
    let inOrder = true;
    await new Promise<void>((resolve, reject) => {
      const subscription = catchUpSubscription(source, { batchSize: 500 }).subscribe({
        next: (event) => {
          inOrder &&= event.version === count + 1;
          maxAhead = Math.max(maxAhead, made - madeBefore - count);
          if (++count % SAMPLE_EVERY === 0) watch.sample();
          if (count === EVENTS) {
            subscription.unsubscribe();
            resolve();
          }
        },
        error: reject,
      });
    });
    expect(count).toBe(EVENTS);
    expect(inOrder).toBe(true);
    expect(maxAhead).toBe(1);
    if (watch.maxGrowth > BOUND) throw new Error(`the subscription grew the heap by ${mb(watch.maxGrowth)}`);
  });
});

describe('reading a 100,000-event stream', () => {
  let store: InMemoryEventStore;
  let footprint = 0;

  beforeAll(async () => {
    const before = liveHeap();
    store = new InMemoryEventStore();
    await fillLedger(store);
    footprint = liveHeap() - before;
  }, 60_000);

  afterAll(() => store.close());

  it('through the in-memory store adds far less heap than the stream occupies (no copy is built)', async () => {
    const { count, sum, maxGrowth } = await foldStream(store.readStream('ledger-1'));
    expect(count).toBe(EVENTS);
    expect(sum).toBe(expectedSum);
    expect(footprint).toBeGreaterThan(20 * 1024 * 1024); // the stream really is big
    if (maxGrowth > BOUND) throw new Error(`reading grew the heap by ${mb(maxGrowth)} for a stream of ${mb(footprint)}`);
  });

  it('the same measurement catches a store that materialises the stream before yielding', async () => {
    async function* materialised(): AsyncIterable<RecordedEvent> {
      const rows: RecordedEvent[] = [];
      for await (const event of store.readStream('ledger-1')) rows.push({ ...event, data: JSON.parse(JSON.stringify(event.data)) as unknown });
      yield* rows;
    }
    const { count, maxGrowth } = await foldStream(materialised());
    expect(count).toBe(EVENTS);
    if (maxGrowth < 5 * BOUND) throw new Error(`expected the copy to show: grew ${mb(maxGrowth)} for a stream of ${mb(footprint)}`);
  });
});
