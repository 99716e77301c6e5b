// The relay in a real child process, for the crash tests. Configured by environment: DATABASE_URL,
// SCHEMA, NATS_URL (the test's proxy), STREAM, PREFIX and PARTITIONS (optional). Prints {"ready":true} once it runs.
import { createApp, INTEGRATION_BROKER, silentLogger } from '@factum/core';
import { PgSqlClient, PostgresEventStore, PostgresSubscriberLocks, PostgresSubscriberStore } from '@factum/postgres';
import { Container } from 'inversify';
import { NatsPublisher } from '@factum/nats';
import { connectNats } from './nats-server';
import { countedRelay } from './relay-domain';

async function main(): Promise<void> {
  const schema = process.env.SCHEMA!;
  const client = PgSqlClient.connect({ connectionString: process.env.DATABASE_URL, max: 4 });
  const store = new PostgresEventStore(client, { schema, pollIntervalMs: 50 });
  const connection = await connectNats(process.env.NATS_URL);
  const publisher = await NatsPublisher.create({
    connection,
    stream: { name: process.env.STREAM!, subjects: [`${process.env.PREFIX!}.>`] },
    ackTimeoutMs: 1_000,
  });
  const container = new Container();
  container.bind(INTEGRATION_BROKER).toConstantValue(publisher);
  const app = await createApp({
    store,
    container,
    eventHandlers: [countedRelay(process.env.PREFIX!, { batchSize: 500, ...(process.env.PARTITIONS ? { partitions: Number(process.env.PARTITIONS) } : {}) })],
    subscriptions: {
      store: new PostgresSubscriberStore(client, { schema }),
      locks: new PostgresSubscriberLocks(client, { schema, heartbeatMs: 250 }),
      takeoverIntervalMs: 100,
      restartDelayMs: 100,
    },
    logger: silentLogger,
  });
  await app.start();
  console.log(JSON.stringify({ ready: true }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
