import { DuplicateEventError, WrongExpectedVersionError, type AppendResult } from '@factum/event-store';
import { PostgresEventStore, type SqlClient } from '@factum/postgres';
import { collect } from './support/collect';
import { CountingClient } from './support/counting-client';
import { readLog } from './support/settle';
import { onServer, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';
import { sleep } from './support/wait';

/**
 * Plain appends that wait while the store's append statements are all busy go together in one
 * statement (write combining), and every caller still gets exactly its own append's outcome.
 * Needs concurrent connections, so a PostgreSQL server.
 */
const describeOnServer = onServer ? describe : describe.skip;

/** The combined statement is the only append statement that tries its locks. */
const isCombined = (text: string): boolean => text.includes('pg_try_advisory_xact_lock');
const isAppend = (text: string): boolean => text.includes('pg_advisory_xact_lock') || isCombined(text);

describeOnServer('appends combine under concurrency (needs PostgreSQL: set DATABASE_URL)', () => {
  let backend: TestBackend;
  let schema: string;
  let client: CountingClient;
  let store: PostgresEventStore;

  async function open(inFlight: number, maxGroup = 16): Promise<void> {
    backend = openTestBackend();
    schema = uniqueSchema('combine');
    backend.dropLater(schema);
    client = new CountingClient(backend.client({ max: 16 }));
    store = new PostgresEventStore(client, { schema, combineAppends: { inFlight, maxGroup } });
    await store.migrate();
    client.statements.length = 0;
    client.params.length = 0;
  }

  afterEach(async () => {
    await store.close();
    await backend.close();
  });

  const combinedStatements = (): Array<readonly unknown[]> => client.statements.flatMap((text, index) => (isCombined(text) ? [client.params[index]!] : []));

  it('50 concurrent appends to distinct streams with one statement in flight take fewer than 50 statements, and each result is what the log holds', async () => {
    await open(1);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        store.append(`order-${index}`, [
          { type: 'Placed', data: { index } },
          { type: 'Paid', data: { index } },
        ]),
      ),
    );
    expect(client.statements.filter(isAppend).length).toBeLessThan(50);
    expect(combinedStatements().length).toBeGreaterThan(0);

    const log = await readLog(store);
    expect(log).toHaveLength(100);
    const byId = new Map(log.map((event) => [event.eventId, event]));
    for (const [index, result] of results.entries()) {
      expect(result.streamId).toBe(`order-${index}`);
      expect(result.version).toBe(2);
      expect(result.events.map((event) => event.version)).toEqual([1, 2]);
      expect(result.position).toBe(result.events[1]!.position);
      for (const event of result.events) {
        const stored = byId.get(event.eventId)!;
        expect({ streamId: stored.streamId, version: stored.version, position: stored.position, occurredAt: stored.occurredAt }).toEqual({
          streamId: event.streamId,
          version: event.version,
          position: event.position,
          occurredAt: event.occurredAt,
        });
      }
      const stream = await collect(store.readStream(`order-${index}`));
      expect(stream.map((event) => [event.eventId, event.position])).toEqual(result.events.map((event) => [event.eventId, event.position]));
    }
  });

  it('a refused append in a group fails alone with the error it gets without combining; the others are stored, nothing of it is', async () => {
    await open(1);
    await store.append('account-7', [{ type: 'Opened', data: {} }]);
    client.statements.length = 0;
    client.params.length = 0;
    const outcomes = await Promise.allSettled([
      store.append('account-0', [{ type: 'Opened', data: {} }]),
      store.append('account-1', [{ type: 'Opened', data: {} }]),
      store.append('account-7', [{ type: 'Deposited', data: { amount: 5 } }], { expectedVersion: 'no-stream' }),
      store.append('account-2', [{ type: 'Opened', data: {} }]),
    ]);
    expect(combinedStatements().some((params) => (params[0] as string[]).includes('account-7'))).toBe(true);

    const refusal = outcomes[2]!;
    expect(refusal.status).toBe('rejected');
    const error = (refusal as PromiseRejectedResult).reason as WrongExpectedVersionError;
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect({ streamId: error.streamId, expected: error.expected, actual: error.actual }).toEqual({ streamId: 'account-7', expected: 'no-stream', actual: 1 });
    for (const index of [0, 1, 3]) expect(outcomes[index]!.status).toBe('fulfilled');

    const log = await readLog(store);
    expect(log.map((event) => `${event.streamId}:${event.type}`).sort()).toEqual([
      'account-0:Opened',
      'account-1:Opened',
      'account-2:Opened',
      'account-7:Opened',
    ]);
  });

  it('a duplicate event id in a group fails that append with DuplicateEventError naming it; the others are stored', async () => {
    await open(1);
    const first = await store.append('cart-0', [{ type: 'Added', data: {} }]);
    const taken = first.events[0]!.eventId;
    const outcomes = await Promise.allSettled([
      store.append('cart-1', [{ type: 'Added', data: {} }]),
      store.append('cart-2', [{ type: 'Added', data: {} }]),
      store.append('cart-3', [
        { type: 'Added', data: {} },
        { type: 'Added', data: {}, eventId: taken },
      ]),
      store.append('cart-4', [{ type: 'Added', data: {} }]),
    ]);
    expect(combinedStatements().some((params) => (params[0] as string[]).includes('cart-3'))).toBe(true);

    const error = (outcomes[2] as PromiseRejectedResult).reason as DuplicateEventError;
    expect(error).toBeInstanceOf(DuplicateEventError);
    expect({ streamId: error.streamId, eventId: error.eventId }).toEqual({ streamId: 'cart-3', eventId: taken });
    for (const index of [0, 1, 3]) expect(outcomes[index]!.status).toBe('fulfilled');
    expect((await readLog(store)).map((event) => event.streamId).sort()).toEqual(['cart-0', 'cart-1', 'cart-2', 'cart-4']);
  });

  it('appends of one stream never share a group, and 32 callers appending 200 events to 5 streams keep each stream in version order in the log', async () => {
    await open(2);
    const results: AppendResult[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < 200) {
          const index = next++;
          results.push(await store.append(`stream-${index % 5}`, [{ type: 'Counted', data: { index } }]));
        }
      }),
    );
    const groups = combinedStatements();
    expect(groups.length).toBeGreaterThan(0);
    for (const params of groups) {
      const streams = params[0] as string[];
      expect(new Set(streams).size).toBe(streams.length);
    }

    const log = await readLog(store);
    expect(log).toHaveLength(200);
    const last = new Map<string, number>();
    for (const event of log) {
      expect(event.version).toBe((last.get(event.streamId) ?? 0) + 1);
      last.set(event.streamId, event.version);
    }
    expect([...last.values()]).toEqual([40, 40, 40, 40, 40]);
    const byId = new Map(log.map((event) => [event.eventId, event]));
    for (const result of results) expect(byId.get(result.events[0]!.eventId)!.position).toBe(result.position);
  });

  it("a group with a stream whose lock a caller's transaction holds does not wait for it: the others are stored, that append waits for the commit without holding up later appends", async () => {
    await open(1);
    const raw: SqlClient = backend.client({ max: 2 });
    let holdOpen!: () => void;
    const held = new Promise<void>((resolve) => (holdOpen = resolve));
    let appendedInside!: () => void;
    const inside = new Promise<void>((resolve) => (appendedInside = resolve));
    const transaction = raw.transaction(async (tx) => {
      await store.append('busy', [{ type: 'Taken', data: {} }], { transaction: tx });
      appendedInside();
      await held;
    });
    await inside;

    // free-0 takes the one slot; busy and free-1 wait for it and go together.
    const first = store.append('free-0', [{ type: 'Free', data: {} }]);
    const busy = store.append('busy', [{ type: 'Waited', data: {} }]);
    try {
      const freed = Promise.all([first, store.append('free-1', [{ type: 'Free', data: {} }])]);
      await expect(Promise.race([freed, sleep(3000).then(() => 'still waiting')])).resolves.toHaveLength(2);
      expect(combinedStatements().some((params) => (params[0] as string[]).includes('busy'))).toBe(true);
      // busy now waits alone for the lock, outside the one slot: later appends do not wait for it.
      const later = store.append('free-2', [{ type: 'Free', data: {} }]);
      await expect(Promise.race([later, sleep(3000).then(() => 'still waiting')])).resolves.toMatchObject({ streamId: 'free-2' });
    } finally {
      holdOpen();
      await transaction;
    }
    await expect(busy).resolves.toMatchObject({ streamId: 'busy', version: 2 });
  });

  it("appends sent alone that wait for locks other transactions hold do not hold up the store's other appends", async () => {
    await open(2);
    const raw: SqlClient = backend.client({ max: 4 });
    let holdOpen!: () => void;
    const held = new Promise<void>((resolve) => (holdOpen = resolve));
    const holding = ['busy-a', 'busy-b'].map((streamId) => {
      let appendedInside!: () => void;
      const inside = new Promise<void>((resolve) => (appendedInside = resolve));
      const transaction = raw.transaction(async (tx) => {
        await store.append(streamId, [{ type: 'Taken', data: {} }], { transaction: tx });
        appendedInside();
        await held;
      });
      return { inside, transaction };
    });
    await Promise.all(holding.map(({ inside }) => inside));

    // Each takes one of the two slots, alone, and waits there for its stream's lock.
    const waiting = ['busy-a', 'busy-b'].map((streamId) => store.append(streamId, [{ type: 'Waited', data: {} }]));
    try {
      await sleep(50);
      const others = Promise.all(Array.from({ length: 5 }, (_, index) => store.append(`free-${index}`, [{ type: 'Free', data: {} }])));
      await expect(Promise.race([others, sleep(3000).then(() => 'still waiting')])).resolves.toHaveLength(5);
    } finally {
      holdOpen();
      await Promise.all(holding.map(({ transaction }) => transaction));
    }
    await expect(Promise.all(waiting)).resolves.toMatchObject([{ version: 2 }, { version: 2 }]);
  });

  it('with one append at a time nothing waits or combines: each append is its own statement', async () => {
    await open(4);
    for (let index = 0; index < 10; index++) await store.append(`solo-${index}`, [{ type: 'Alone', data: {} }]);
    expect(client.statements.filter(isAppend)).toHaveLength(10);
    expect(combinedStatements()).toHaveLength(0);
  });

  it('refuses combineAppends limits that are not whole numbers ≥ 1', () => {
    backend = openTestBackend();
    const pool = backend.client();
    store = new PostgresEventStore(pool, { schema: 'unused' });
    expect(() => new PostgresEventStore(pool, { combineAppends: { inFlight: 0 } })).toThrow(/combineAppends\.inFlight/);
    expect(() => new PostgresEventStore(pool, { combineAppends: { maxGroup: 1.5 } })).toThrow(/combineAppends\.maxGroup/);
  });
});
