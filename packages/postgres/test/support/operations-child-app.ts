// A Factum app in a child process for the CLI tests: it runs one transactional ledger projector
// (PROJECTOR, into the table of the same name in SCHEMA) with the `skip` policy. While the file
// FAIL_FLAG exists, its handler fails on negative amounts (a bug); deleting the file "deploys the
// fix". While the file HANG_FLAG exists, it hangs on negative amounts inside the open transaction
// (after its read-model writes), reporting {"paused":eventId}, until killed. Reports
// {"active":[...]} lines like the other child app, and stops on SIGTERM.
import { existsSync } from 'node:fs';
import { createApp } from '@factum/core';
import { PgSqlClient } from '../../src/client/pg-client';
import { PostgresEventStore } from '../../src/events/postgres-event-store';
import { PostgresSubscriberLocks } from '../../src/subscriptions/postgres-subscriber-locks';
import { PostgresSubscriberStore } from '../../src/subscriptions/postgres-subscriber-store';
import { transactionalLedger } from './subscriptions-domain';

async function main(): Promise<void> {
  const schema = process.env.SCHEMA!;
  const name = process.env.PROJECTOR!;
  const failFlag = process.env.FAIL_FLAG!;
  const client = PgSqlClient.connect({ connectionString: process.env.DATABASE_URL, max: 8 });
  const store = new PostgresEventStore(client, { schema, pollIntervalMs: 100 });
  const ledger = transactionalLedger(name, schema, name, {
    onError: 'skip',
    retry: { maxAttempts: 1 },
    batchSize: 100,
    onEvent: async (event) => {
      if (event.data.amount < 0 && existsSync(failFlag)) throw new Error(`cannot book a negative amount (${event.data.amount})`);
      if (event.data.amount < 0 && process.env.HANG_FLAG && existsSync(process.env.HANG_FLAG)) {
        console.log(JSON.stringify({ paused: event.eventId }));
        await new Promise(() => undefined); // hang inside the open transaction until killed
      }
    },
  });
  const app = await createApp({
    store,
    projectors: [ledger],
    subscriptions: {
      store: new PostgresSubscriberStore(client, { schema }),
      locks: new PostgresSubscriberLocks(client, { schema, heartbeatMs: 250 }),
      processName: process.env.PROCESS_NAME,
      operationsPollMs: 100,
      reportIntervalMs: 200,
    },
  });
  await app.start();
  const report = setInterval(() => {
    void app.subscribers.status().then((status) => console.log(JSON.stringify({ active: status.filter((s) => s.active).map((s) => s.name) })));
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
