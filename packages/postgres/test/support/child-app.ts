// What every child app of the cross-process tests shares: a Factum app on the Postgres server at
// DATABASE_URL (schema SCHEMA) in a real child process, that reports what it runs as JSON lines on
// stdout ({"active":[...names this process runs], ...extra} every 100 ms, one report at a time) and
// stops gracefully on SIGTERM. Settings by environment: TAKEOVER_MS, BATCH_SIZE, PROCESS_NAME.
import { createApp, type SubscriberClass, type SubscriptionsOptions } from '@factum/core';
import { PgSqlClient } from '../../src/client/pg-client';
import { PostgresEventStore } from '../../src/events/postgres-event-store';
import { PostgresSubscriberLocks } from '../../src/subscriptions/postgres-subscriber-locks';
import { PostgresSubscriberStore } from '../../src/subscriptions/postgres-subscriber-store';

export interface ChildAppSetup {
  /** The projectors it runs, built for the test's schema. */
  projectors: (schema: string) => SubscriberClass[];
  /** Settings beyond the shared ones (store, locks, takeover, batch size, process name). */
  subscriptions?: Partial<SubscriptionsOptions>;
  /** Connections in its pool. Default 8. */
  poolSize?: number;
  /** What else each report carries (counters of the test's handlers). */
  report?: () => Record<string, unknown>;
}

export function runChildApp(setup: ChildAppSetup): void {
  main(setup).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

async function main(setup: ChildAppSetup): Promise<void> {
  const schema = process.env.SCHEMA!;
  const client = PgSqlClient.connect({ connectionString: process.env.DATABASE_URL, max: setup.poolSize ?? 8 });
  const store = new PostgresEventStore(client, { schema, pollIntervalMs: 100 });
  const app = await createApp({
    store,
    projectors: setup.projectors(schema),
    subscriptions: {
      store: new PostgresSubscriberStore(client, { schema }),
      locks: new PostgresSubscriberLocks(client, { schema, heartbeatMs: 250 }),
      takeoverIntervalMs: Number(process.env.TAKEOVER_MS ?? 250),
      batchSize: Number(process.env.BATCH_SIZE ?? 100),
      processName: process.env.PROCESS_NAME,
      ...setup.subscriptions,
    },
  });
  await app.start();
  // One report at a time: status reads the store (lag, owners), and reports piling up on a loaded
  // machine would crowd out the lease and balancing statements these tests are about.
  let reporting = true;
  const reportLoop = async (): Promise<void> => {
    while (reporting) {
      const status = await app.subscribers.status();
      console.log(JSON.stringify({ active: status.filter((s) => s.active).map((s) => s.name), ...setup.report?.() }));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  void reportLoop();
  process.on('SIGTERM', () => {
    reporting = false;
    void app
      .stop()
      .then(() => store.close())
      .then(() => client.close())
      .then(() => process.exit(0));
  });
}
