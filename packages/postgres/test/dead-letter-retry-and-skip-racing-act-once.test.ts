import { createApp, silentLogger, type App } from '@factum/core';
import { DeadLetterNotFoundError } from '@factum/event-store';
import { PgSqlClient } from '../src/client/pg-client';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { PostgresSubscriberLocks } from '../src/subscriptions/postgres-subscriber-locks';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { ledgerTables, transactionalLedger } from './support/subscriptions-domain';
import { databaseUrl, onServer, openTestDatabase, type TestDatabase } from './support/subscriptions-database';

const LEDGER = 'race_ledger';
const LETTERS = 40;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A retry (performed by the owner, in one transaction with its read-model writes) and a skip
// (done by the caller, no app needed) of the same dead letter, at the same moment: exactly one
// of them acts. The event lands in the read model at most once, and only when the retry won.
(onServer ? describe : describe.skip)('a dead-letter retry racing a skip of the same letter (on Postgres)', () => {
  let db: TestDatabase;
  let client: PgSqlClient;
  let store: PostgresEventStore;
  let app: App;
  let failing = true;

  beforeAll(async () => {
    db = await openTestDatabase('retry_skip_race');
    client = PgSqlClient.connect({ connectionString: databaseUrl, max: 12 });
    store = new PostgresEventStore(client, { schema: db.schema, pollIntervalMs: 50 });
    for (const statement of ledgerTables(db.schema, LEDGER)) await client.query(statement);
    const ledger = transactionalLedger(LEDGER, db.schema, LEDGER, {
      onError: 'skip',
      retry: { maxAttempts: 1 },
      onEvent: async (event) => {
        if (event.data.amount >= 0) return;
        if (failing) throw new Error('cannot book a negative amount');
        await sleep(Math.random() * 15); // the retry's transaction stays open a while, its writes done
      },
    });
    app = await createApp({
      store,
      logger: silentLogger,
      projectors: [ledger],
      subscriptions: {
        store: new PostgresSubscriberStore(client, { schema: db.schema }),
        locks: new PostgresSubscriberLocks(client, { schema: db.schema, heartbeatMs: 250 }),
        operationsPollMs: 20,
      },
    });
    await app.start();
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await store?.close();
    await client?.close();
    await db?.drop();
  });

  it('lets exactly one of them act, and the read model changes at most once per letter', async () => {
    const { events } = await store.append(
      'wallet-race',
      Array.from({ length: LETTERS }, (_, i) => ({ type: 'Deposited', data: { account: 'a', amount: -(i + 1) } })),
    );
    const deadline = Date.now() + 30_000;
    while ((await app.subscribers.deadLetters(LEDGER)).length < LETTERS) {
      if (Date.now() > deadline) throw new Error('the events were not dead-lettered');
      await sleep(50);
    }
    failing = false;

    // Pairs two at a time; each skip comes a little later than its retry, spread over the retry's
    // lifetime: before it is taken, while its transaction is open, and after it committed.
    const outcomes: Array<{ eventId: string; retry: PromiseSettledResult<void>; skip: PromiseSettledResult<void> }> = [];
    for (let i = 0; i < LETTERS; i += 2) {
      outcomes.push(
        ...(await Promise.all(
          events.slice(i, i + 2).map(async ({ eventId }, j) => {
            const [retry, skip] = await Promise.allSettled([
              app.subscribers.retryDeadLetter(LEDGER, eventId),
              sleep(((i + j) % 10) * 8).then(() => app.subscribers.skipDeadLetter(LEDGER, eventId)),
            ]);
            return { eventId, retry, skip };
          }),
        )),
      );
    }

    const rows = await client.query<{ event_id: string; applied: number }>(`select event_id, applied from "${db.schema}"."${LEDGER}"`);
    const applied = new Map(rows.rows.map((row) => [row.event_id, row.applied]));
    let retried = 0;
    for (const { eventId, retry, skip } of outcomes) {
      // Exactly one acted; the other was told the letter is gone.
      expect([retry.status, skip.status].sort()).toEqual(['fulfilled', 'rejected']);
      const loser = retry.status === 'rejected' ? retry : (skip as PromiseRejectedResult);
      expect(loser.reason).toBeInstanceOf(DeadLetterNotFoundError);
      if (retry.status === 'fulfilled') retried++;
      // The read model has the event once when the retry won, not at all when the skip won.
      expect({ eventId, applied: applied.get(eventId) ?? 0 }).toEqual({ eventId, applied: retry.status === 'fulfilled' ? 1 : 0 });
    }
    expect(rows.rows).toHaveLength(retried);
    expect(await app.subscribers.deadLetters(LEDGER)).toEqual([]);
    // Both sides won some races: the test did race them.
    expect(retried).toBeGreaterThan(0);
    expect(retried).toBeLessThan(LETTERS);
  }, 120_000);
});
