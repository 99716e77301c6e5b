import { createApp, defineEvent, On, Projector, type DecodedEvent } from '@factum/core';
import type { NewEvent } from '@factum/event-store';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { HeapWatch, mb } from '../../event-store/test/support/heap';
import { backendTitle, closeSharedPglite, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';

/**
 * The content-session system, as its authors run it: unreliable clients record what each user
 * viewed, generate the event ids themselves, and resend whole batches (some already stored, some
 * not, in any order, several clients at once) until they get an answer. With `acceptResends`,
 * every event is stored exactly once, no resend is refused, a stats projector equals a
 * reference fold over the distinct events, and one user's 100,000 events read back in bounded
 * memory.
 */
const PieceViewed = defineEvent('PieceViewed', z.object({ user: z.string(), piece: z.string(), seconds: z.number().int() }));

const USERS = 6;
const CLIENTS = 8;
const BATCHES_PER_CLIENT = 25;

interface Batch {
  user: string;
  events: NewEvent[];
}

/** A client's batches: each event with an id of its own, made once; resent batches reuse them. */
function clientBatches(client: number): Batch[] {
  return Array.from({ length: BATCHES_PER_CLIENT }, (_, index) => {
    const user = `u${(client + index) % USERS}`;
    const events = Array.from({ length: 1 + ((client * 7 + index) % 5) }, (_, n) => ({
      ...PieceViewed({ user, piece: `piece-${(client * 13 + index * 3 + n) % 17}`, seconds: 1 + ((client + index + n) % 60) }),
      eventId: randomUUID(),
    }));
    return { user, events };
  });
}

/** Sends a client's batches, resending random earlier ones (whole, or cut short) as a flaky network would. */
async function runClient(store: PostgresEventStore, batches: Batch[], seed: number): Promise<number> {
  let random = seed;
  const next = (): number => {
    random = (random * 1_103_515_245 + 12_345) % 2 ** 31;
    return random / 2 ** 31;
  };
  let resends = 0;
  for (let index = 0; index < batches.length; index++) {
    const batch = batches[index]!;
    await store.append(`session-${batch.user}`, batch.events, { acceptResends: true });
    if (next() < 0.5) {
      // The answer was lost: resend an earlier batch, sometimes only its head, sometimes with the next one's events.
      const earlier = batches[Math.floor(next() * (index + 1))]!;
      const cut = earlier.events.slice(0, 1 + Math.floor(next() * earlier.events.length));
      await store.append(`session-${earlier.user}`, cut, { acceptResends: true });
      resends++;
    }
  }
  // At the end every client resends everything once more, in reverse order.
  for (const batch of [...batches].reverse()) await store.append(`session-${batch.user}`, batch.events, { acceptResends: true });
  return resends + batches.length;
}

describe(`content sessions from clients that resend ${backendTitle}`, () => {
  let backend: TestBackend;
  let store: PostgresEventStore;

  beforeAll(async () => {
    backend = openTestBackend();
    const schema = uniqueSchema('sessions');
    backend.dropLater(schema);
    store = new PostgresEventStore(backend.client({ max: CLIENTS + 2 }), { schema });
    await store.migrate();
  });

  afterAll(async () => {
    await store.close();
    await backend.close();
    await closeSharedPglite();
  });

  it('stores every event exactly once while clients resend concurrently, and the stats equal a reference fold', async () => {
    const perClient = Array.from({ length: CLIENTS }, (_, client) => clientBatches(client));
    const resent = await Promise.all(perClient.map((batches, client) => runClient(store, batches, client + 1)));
    expect(resent.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(CLIENTS * BATCHES_PER_CLIENT);

    const sent = perClient.flat().flatMap((batch) => batch.events);
    const stored = [];
    for await (const event of store.readAll()) stored.push(event);
    expect(stored.map((event) => event.eventId).sort()).toEqual(sent.map((event) => event.eventId!).sort());

    // The reference: a plain fold over the distinct events sent.
    const reference = new Map<string, number>();
    for (const event of sent) {
      const data = event.data as { user: string; seconds: number };
      reference.set(data.user, (reference.get(data.user) ?? 0) + data.seconds);
    }

    @Projector({ name: 'viewing-time', readModel: 'memory' })
    class ViewingTime {
      readonly seconds = new Map<string, number>();
      @On(PieceViewed)
      viewed(event: DecodedEvent<typeof PieceViewed>): void {
        this.seconds.set(event.data.user, (this.seconds.get(event.data.user) ?? 0) + event.data.seconds);
      }
    }
    const app = await createApp({ store, projectors: [ViewingTime] });
    await app.start();
    try {
      await app.subscribers.waitFor(stored[stored.length - 1]!.position, { timeoutMs: 30_000 });
      expect(new Map([...app.container.get(ViewingTime).seconds].sort())).toEqual(new Map([...reference].sort()));
    } finally {
      await app.stop();
    }
  }, 120_000);

  it("reads one user's 100,000 events back in bounded memory", async () => {
    const TOTAL = 100_000;
    for (let sent = 0; sent < TOTAL; sent += 2_000) {
      const batch = Array.from({ length: 2_000 }, (_, n) => PieceViewed({ user: 'heavy', piece: `piece-${(sent + n) % 97}`, seconds: (sent + n) % 60 }));
      await store.append('session-heavy', batch, { acceptResends: true });
    }
    const watch = new HeapWatch();
    let count = 0;
    let seconds = 0;
    for await (const event of store.readStream('session-heavy')) {
      seconds += (event.data as { seconds: number }).seconds;
      if (++count % 25_000 === 0) watch.sample();
    }
    expect(count).toBe(TOTAL);
    expect(seconds).toBe(Array.from({ length: TOTAL }, (_, n) => n % 60).reduce((sum, n) => sum + n, 0));
    // Kept in memory at once: a page of the store (500 events), not the stream (~30 MB as objects).
    expect(watch.maxGrowth).toBeLessThan(8 * 1024 * 1024);
    process.stdout.write(`100,000 events read with ${mb(watch.maxGrowth)} of live heap growth\n`);
  }, 180_000);
});
