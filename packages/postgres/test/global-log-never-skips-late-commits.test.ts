import type { RecordedEvent } from '@factum/event-store';
import { PostgresEventStore, type SqlClient } from '@factum/postgres';
import { collect } from './support/collect';
import { readLog } from './support/settle';
import { onServer, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';
import { deferred, sleep, waitUntil } from './support/wait';

/**
 * THE GAP TEST. A sequence number taken inside a transaction becomes visible at commit, and a
 * transaction that took number 10 can commit after one that took 11. A reader that remembers
 * "the last number I saw" and asks for larger ones then skips 10 forever. These tests hold
 * transactions open on purpose while later ones commit, and prove that (1) the store's readers
 * and subscribers receive every event exactly once, in one valid order, and never move past a
 * position that is still uncommitted, and (2) the naive `position > checkpoint` reader loses
 * events in the very same scenario (the proof that the test can tell the difference).
 *
 * Needs concurrent transactions, so a PostgreSQL server (PGlite is one connection).
 */
const describeOnServer = onServer ? describe : describe.skip;

/** The naive reader: a plain bigserial checkpoint. Kept here as the counter-proof. */
class NaiveReader {
  checkpoint = 0n;
  readonly seen: string[] = [];
  /** Positions this reader moved past while a transaction below them was still open. */
  readonly passedOpen: string[] = [];

  constructor(
    private readonly client: SqlClient,
    private readonly schema: string,
  ) {}

  async poll(openPositions: () => bigint[]): Promise<void> {
    const { rows } = await this.client.query<{ event_id: string; position: string }>(
      `select event_id, position::text as position from "${this.schema}".events where position > $1 order by position limit 1000`,
      [this.checkpoint.toString()],
    );
    for (const row of rows) {
      const position = BigInt(row.position);
      if (openPositions().some((open) => open < position)) this.passedOpen.push(row.event_id);
      this.seen.push(row.event_id);
      this.checkpoint = position;
    }
  }
}

describeOnServer('the global log never skips an event that commits late (needs PostgreSQL: set DATABASE_URL)', () => {
  let backend: TestBackend;
  let schema: string;
  let client: SqlClient;
  let store: PostgresEventStore;

  beforeEach(async () => {
    backend = openTestBackend();
    schema = uniqueSchema('gap');
    backend.dropLater(schema);
    client = backend.client({ max: 16 });
    store = new PostgresEventStore(client, { schema, pollIntervalMs: 50 });
    await store.migrate();
  });

  afterEach(async () => {
    await store.close();
    await backend.close();
  });

  it('holds back a later commit until the earlier transaction commits, where the naive reader loses the earlier event', async () => {
    const naive = new NaiveReader(client, schema);
    const appended = deferred<RecordedEvent>();
    const release = deferred();
    // Transaction H appends first (takes the smaller sequence number) and stays open.
    const held = client.transaction(async (tx) => {
      const result = await store.append('held-1', [{ type: 'Held', data: { n: 1 } }], { transaction: tx });
      appended.resolve(result.events[0]!);
      await release.promise;
      return result.events[0]!;
    });
    const heldEvent = await appended.promise;
    let late: RecordedEvent;
    try {
      // Transaction L appends later (a larger sequence number) and commits first.
      late = (await store.append('late-1', [{ type: 'Late', data: { n: 2 } }])).events[0]!;
      const heldSequence = BigInt(heldEvent.position.split(':')[1]!);
      expect(BigInt(late.position.split(':')[1]!)).toBeGreaterThan(heldSequence);

      // While H is open: the naive reader already sees L and moves its checkpoint past H.
      await naive.poll(() => [heldSequence]);
      expect(naive.seen).toEqual([late.eventId]);
      expect(naive.passedOpen).toEqual([late.eventId]);
      // The store returns nothing yet: L's place in the log is not final while H may still commit.
      expect(await collect(store.readAll())).toEqual([]);
      expect(await store.headPosition()).toBeNull();
    } finally {
      release.resolve();
      await held;
    }

    // After H commits, the naive reader never sees it: the event is lost to that subscriber.
    await naive.poll(() => []);
    expect(naive.seen).toEqual([late.eventId]);
    expect(naive.seen).not.toContain(heldEvent.eventId);
    // The store returns both, H first (it belongs to the older transaction).
    const log = await readLog(store);
    expect(log.map((event) => event.eventId)).toEqual([heldEvent.eventId, late.eventId]);
    expect(store.comparePositions(log[0]!.position, log[1]!.position)).toBeLessThan(0);
  });

  it('a subscriber running throughout many writers, some holding their transaction open, gets every event once, in order, never past an open one', async () => {
    const naive = new NaiveReader(client, schema);
    /** Appends whose transaction is definitely still open (COMMIT not yet sent). */
    const open = new Map<string, RecordedEvent>();
    const delivered: RecordedEvent[] = [];
    const passedOpen: string[] = [];
    let subscriptionError: unknown;
    const subscription = store.subscribe({ from: 'origin', batchSize: 7 }).subscribe({
      next: (event) => {
        // The checkpoint a subscriber would save now is this event's position: it must sort before
        // every event of a transaction that has not committed.
        for (const pending of open.values()) {
          if (store.comparePositions(event.position, pending.position) >= 0) passedOpen.push(`${event.eventId} passed ${pending.eventId}`);
        }
        delivered.push(event);
      },
      error: (error: unknown) => (subscriptionError = error),
    });

    let naiveRunning = true;
    const naiveLoop = (async () => {
      while (naiveRunning) {
        await naive.poll(() => [...open.values()].map((event) => BigInt(event.position.split(':')[1]!)));
        await sleep(3);
      }
    })();

    const writers = 8;
    const appendsPerWriter = 12;
    const written: string[] = [];
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let index = 0; index < appendsPerWriter; index++) {
          const streamId = `writer${writer}-${index % 3}`;
          const events = Array.from({ length: 1 + ((writer + index) % 3) }, (__, n) => ({ type: 'Written', data: { writer, index, n } }));
          // Writer 0 always holds its transaction open; the others sometimes do.
          const hold = writer === 0 || (writer + index) % 4 === 0;
          if (!hold) {
            const result = await store.append(streamId, events);
            written.push(...result.events.map((event) => event.eventId));
            continue;
          }
          await client.transaction(async (tx) => {
            const result = await store.append(streamId, events, { transaction: tx });
            open.set(result.events[0]!.eventId, result.events[0]!);
            await tx.query('select pg_sleep($1)', [(30 + ((writer * 37 + index * 11) % 120)) / 1000]);
            written.push(...result.events.map((event) => event.eventId));
            open.delete(result.events[0]!.eventId); // from here on, COMMIT may be on its way
          });
        }
      }),
    );

    await waitUntil(() => delivered.length >= written.length, `the subscriber to receive ${written.length} events`, 15_000);
    await sleep(200); // anything delivered twice would show up now
    naiveRunning = false;
    await naiveLoop;
    await naive.poll(() => []);
    subscription.unsubscribe();

    expect(subscriptionError).toBeUndefined();
    expect(passedOpen).toEqual([]);
    // Exactly once, in the log's order.
    const log = await readLog(store);
    expect(log).toHaveLength(written.length);
    expect(new Set(log.map((event) => event.eventId))).toEqual(new Set(written));
    expect(delivered.map((event) => event.eventId)).toEqual(log.map((event) => event.eventId));
    for (let index = 1; index < delivered.length; index++) {
      expect(store.comparePositions(delivered[index - 1]!.position, delivered[index]!.position)).toBeLessThan(0);
    }
    // A valid order: each stream's events arrive in version order, without gaps.
    const versions = new Map<string, number>();
    for (const event of delivered) {
      expect(event.version).toBe((versions.get(event.streamId) ?? 0) + 1);
      versions.set(event.streamId, event.version);
    }

    // The counter-proof, same run: the naive reader moved past open transactions and lost events.
    expect(naive.passedOpen.length).toBeGreaterThan(0);
    const lost = written.filter((id) => !naive.seen.includes(id));
    expect(lost.length).toBeGreaterThan(0);
  }, 30_000);
  it('a subscription from the head delivers what commits after subscribing, not what committed before but was still held back', async () => {
    // An open transaction holds the horizon, so the events below commit but are not readable yet.
    const blocker = await client.session();
    const appended = deferred<RecordedEvent>();
    const release = deferred();
    const delivered: RecordedEvent[] = [];
    let subscription: { unsubscribe(): void } | undefined;
    try {
      await blocker.query('begin');
      await blocker.query('select pg_current_xact_id()');
      await store.append('before-1', [{ type: 'Before', data: null }]);
      // A transaction in progress when the subscription starts, committing after: it belongs to "after".
      const inProgress = client.transaction(async (tx) => {
        const result = await store.append('during-1', [{ type: 'During', data: null }], { transaction: tx });
        appended.resolve(result.events[0]!);
        await release.promise;
      });
      await appended.promise;
      subscription = store.subscribe({ from: 'head' }).subscribe((event) => delivered.push(event));
      await sleep(100); // let the subscription take its head
      release.resolve();
      await inProgress;
      await store.append('after-1', [{ type: 'After', data: null }]);
      await blocker.query('commit');
      await waitUntil(() => delivered.length >= 2, 'the events committed after subscribing');
      await sleep(200);
      expect(delivered.map((event) => event.type)).toEqual(['During', 'After']);
    } finally {
      release.resolve();
      subscription?.unsubscribe();
      await blocker.release();
    }
  });
});
