// A Factum app in a child process for the partition-balancing test. Configured by environment:
// DATABASE_URL, SCHEMA, PARTITIONS, DELAY_MS (simulated work per event), BATCH_SIZE, TAKEOVER_MS.
// Runs one transactional projector that writes each event to `ledger` (counting how often it was
// applied) and `handled` (stream, version, in handling order), and prints JSON lines:
// {"active":["orders#0",...],"handled":n} every 100 ms.
import { createApp, On, Projector, type DecodedEvent, type ProjectionContext } from '@factum/core';
import { PgSqlClient } from '../../src/client/pg-client';
import type { SqlTransaction } from '../../src/client/sql-client';
import { PostgresEventStore } from '../../src/events/postgres-event-store';
import { PostgresSubscriberLocks } from '../../src/subscriptions/postgres-subscriber-locks';
import { PostgresSubscriberStore } from '../../src/subscriptions/postgres-subscriber-store';
import { Deposited } from './subscriptions-domain';

async function main(): Promise<void> {
  const schema = process.env.SCHEMA!;
  const delayMs = Number(process.env.DELAY_MS ?? 0);
  const client = PgSqlClient.connect({ connectionString: process.env.DATABASE_URL, max: 12 });
  const store = new PostgresEventStore(client, { schema, pollIntervalMs: 100 });
  let handled = 0;

  @Projector({ name: 'ledger', transactional: true, partitions: Number(process.env.PARTITIONS ?? 8) })
  class PartitionedLedger {
    @On(Deposited)
    async deposited(event: DecodedEvent<typeof Deposited>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      await ctx.tx.query(
        `insert into "${schema}".ledger (event_id, account, amount, applied) values ($1, $2, $3, 1)
         on conflict (event_id) do update set applied = "${schema}".ledger.applied + 1`,
        [event.eventId, event.data.account, event.data.amount],
      );
      await ctx.tx.query(`insert into "${schema}".handled (stream_id, version, pid) values ($1, $2, $3)`, [event.streamId, event.version, process.pid]);
      handled++;
    }
  }

  const app = await createApp({
    store,
    projectors: [PartitionedLedger],
    subscriptions: {
      store: new PostgresSubscriberStore(client, { schema }),
      locks: new PostgresSubscriberLocks(client, { schema, heartbeatMs: 250 }),
      takeoverIntervalMs: Number(process.env.TAKEOVER_MS ?? 250),
      batchSize: Number(process.env.BATCH_SIZE ?? 50),
      drainTimeoutMs: 5_000,
    },
  });
  await app.start();
  // One report at a time: status reads the store (lag, owners), and reports piling up on a loaded
  // machine would crowd out the lease and balancing statements this test is about.
  let reporting = true;
  const reportLoop = async (): Promise<void> => {
    while (reporting) {
      const status = await app.subscribers.status();
      console.log(JSON.stringify({ active: status.filter((s) => s.active).map((s) => s.name), handled }));
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
