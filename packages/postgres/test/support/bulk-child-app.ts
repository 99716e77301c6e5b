// A Factum app in a child process running `bulkLedger`, for the crash test of bulk writes.
// Configured by environment: DATABASE_URL, SCHEMA, NAME (projector and table), BATCH_SIZE,
// PAUSE_AFTER_FLUSH (optional: once a batch's staged rows have been written into its open
// transaction and that batch ends at or past this many events, report {"paused": n} and hang
// before the checkpoint and COMMIT until killed). Prints {"handled": n} lines.
import { createApp } from '@factum/core';
import type { SubscriberSession } from '@factum/event-store';
import { PgSqlClient } from '../../src/client/pg-client';
import type { SqlTransaction } from '../../src/client/sql-client';
import { PostgresEventStore } from '../../src/events/postgres-event-store';
import { PostgresSubscriberLocks } from '../../src/subscriptions/postgres-subscriber-locks';
import { PostgresSubscriberStore } from '../../src/subscriptions/postgres-subscriber-store';
import { bulkLedger } from './bulk-ledger';

/** Hangs right after the flush, with the rows written and the transaction still open. */
class PausingSubscriberStore extends PostgresSubscriberStore {
  constructor(
    client: PgSqlClient,
    schema: string,
    private readonly shouldPause: () => number | null,
  ) {
    super(client, { schema });
  }

  override transaction<T>(work: (session: SubscriberSession<SqlTransaction>) => Promise<T>): Promise<T> {
    return super.transaction((session) =>
      work({
        ...session,
        prepareCommit: async () => {
          await session.prepareCommit!();
          const paused = this.shouldPause();
          if (paused !== null) {
            console.log(JSON.stringify({ paused }));
            await new Promise(() => undefined);
          }
        },
      }),
    );
  }
}

async function main(): Promise<void> {
  const schema = process.env.SCHEMA!;
  const name = process.env.NAME!;
  const pauseAfter = process.env.PAUSE_AFTER_FLUSH ? Number(process.env.PAUSE_AFTER_FLUSH) : Infinity;
  const client = PgSqlClient.connect({ connectionString: process.env.DATABASE_URL, max: 8 });
  const store = new PostgresEventStore(client, { schema, pollIntervalMs: 100 });
  let handled = 0;
  const app = await createApp({
    store,
    projectors: [bulkLedger(name, schema, name, { onEvent: () => void handled++ })],
    subscriptions: {
      store: new PausingSubscriberStore(client, schema, () => (handled >= pauseAfter ? handled : null)),
      locks: new PostgresSubscriberLocks(client, { schema, heartbeatMs: 250 }),
      batchSize: Number(process.env.BATCH_SIZE ?? 100),
    },
  });
  await app.start();
  setInterval(() => console.log(JSON.stringify({ handled })), 100);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
