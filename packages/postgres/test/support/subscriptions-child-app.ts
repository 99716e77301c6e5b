// A Factum app in a child process, for the crash and leadership tests. Configured by environment:
// DATABASE_URL, SCHEMA, PROJECTORS (comma-separated names, each a transactional ledger into the
// table of the same name), PAUSE_AFTER (optional: after that many events, report "paused" and hang
// inside the open transaction until killed). Prints JSON lines: {"active":[...]} and {"handled":n}.
import { createApp } from '@factum/core';
import { PgSqlClient } from '../../src/client/pg-client';
import { PostgresEventStore } from '../../src/events/postgres-event-store';
import { PostgresSubscriberLocks } from '../../src/subscriptions/postgres-subscriber-locks';
import { PostgresSubscriberStore } from '../../src/subscriptions/postgres-subscriber-store';
import { transactionalLedger } from './subscriptions-domain';

async function main(): Promise<void> {
  const schema = process.env.SCHEMA!;
  const pauseAfter = process.env.PAUSE_AFTER ? Number(process.env.PAUSE_AFTER) : Infinity;
  const client = PgSqlClient.connect({ connectionString: process.env.DATABASE_URL, max: 8 });
  const store = new PostgresEventStore(client, { schema, pollIntervalMs: 100 });
  let handled = 0;
  const projectors = process.env.PROJECTORS!.split(',').map((name) =>
    transactionalLedger(name, schema, name, {
      onEvent: async () => {
        handled++;
        if (handled === pauseAfter) {
          console.log(JSON.stringify({ paused: handled }));
          await new Promise(() => undefined); // hang inside the open transaction until killed
        }
      },
    }),
  );
  const app = await createApp({
    store,
    projectors,
    subscriptions: {
      store: new PostgresSubscriberStore(client, { schema }),
      locks: new PostgresSubscriberLocks(client, { schema, heartbeatMs: 250 }),
      takeoverIntervalMs: Number(process.env.TAKEOVER_MS ?? 250),
      batchSize: Number(process.env.BATCH_SIZE ?? 100),
    },
  });
  await app.start();
  const report = setInterval(() => {
    void app.subscribers.status().then((status) => {
      console.log(JSON.stringify({ active: status.filter((s) => s.active).map((s) => s.name), handled }));
    });
  }, 100);
  process.on('SIGTERM', () => {
    clearInterval(report);
    void app
      .stop()
      .then(() => store.close())
      .then(() => client.close())
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
