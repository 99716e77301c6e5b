import { createApp, defineEvent, EventHandler, On, type App, type DecodedEvent } from '@factum/core';
import { z } from 'zod';
import { PgSqlClient } from '../src/client/pg-client';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { PostgresSubscriberLocks } from '../src/subscriptions/postgres-subscriber-locks';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { appendDeposits, ledgerTables, transactionalLedger } from './support/subscriptions-domain';
import { DATABASE_URL, onServer, uniqueSchema } from './support/test-database';
import { sleep, waitUntil } from './support/wait';

/**
 * "A slow projector never delays another one", on Postgres: a transactional projector catching
 * up slowly holds a transaction (with an id) open for each whole batch. Readers wait only for
 * appenders, so a live subscriber's delivery stays in milliseconds meanwhile. (Under the old
 * rule it waited for every batch to commit: seconds.)
 */
const Pinged = defineEvent('Pinged', z.object({ n: z.number() }));
const HISTORY = 1_000;
const MS_PER_EVENT = 4;

(onServer ? describe : describe.skip)('a slow transactional projector (needs PostgreSQL: set DATABASE_URL)', () => {
  const schema = uniqueSchema('slowtx');
  let client: PgSqlClient;
  let store: PostgresEventStore;
  let app: App | undefined;

  beforeAll(async () => {
    client = PgSqlClient.connect({ connectionString: DATABASE_URL, max: 8 });
    store = new PostgresEventStore(client, { schema, pollIntervalMs: 5_000 });
    await store.migrate();
    for (const statement of ledgerTables(schema, 'slow_ledger')) await client.query(statement);
    await appendDeposits(store, HISTORY);
  });

  afterAll(async () => {
    await app?.stop();
    await client.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
    await store.close();
    await client.close();
  });

  it('does not delay live delivery to another subscriber while its long batches are open', async () => {
    const pingedAt = new Map<number, number>();
    const latencies: number[] = [];
    @EventHandler({ name: 'pings', startFrom: 'head' })
    class Pings {
      @On(Pinged)
      pinged(event: DecodedEvent<typeof Pinged>): void {
        latencies.push(Date.now() - pingedAt.get(event.data.n)!);
      }
    }
    const SlowLedger = transactionalLedger('slow-ledger', schema, 'slow_ledger', { onEvent: () => sleep(MS_PER_EVENT) });
    app = await createApp({
      store,
      projectors: [SlowLedger],
      eventHandlers: [Pings],
      subscriptions: {
        store: new PostgresSubscriberStore(client, { schema }),
        locks: new PostgresSubscriberLocks(client, { schema }),
        batchSize: 500, // each batch of the slow projector: one transaction of about 2 s
      },
    });
    await app.start();
    await waitUntil(async () => (await app!.subscribers.status()).find((status) => status.name === 'pings')?.state === 'live', 'the ping handler to be live');
    const projected = async () => Number((await client.query<{ n: string }>(`select count(*)::text as n from "${schema}".slow_ledger`)).rows[0]!.n);

    for (let n = 0; n < 25; n++) {
      await store.append('pings-1', [Pinged({ n })]);
      pingedAt.set(n, Date.now());
      await sleep(80);
    }
    await waitUntil(() => latencies.length === 25, 'every ping to be handled');
    // The premise: the slow projector was still catching up, inside its batch transactions.
    expect(await projected()).toBeLessThan(HISTORY);

    const sorted = [...latencies].sort((a, b) => a - b);
    expect(sorted[12]!).toBeLessThan(100);
    expect(sorted[24]!).toBeLessThan(1_000);
  }, 60_000);
});
