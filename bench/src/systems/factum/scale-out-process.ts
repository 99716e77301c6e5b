/**
 * One process of the scale-out workload: an app whose projector has `partitions` partitions and
 * awaits `ioMs` of simulated I/O per event, through this process's I/O client of
 * `ioConnections` connections (0: unbounded). Forked by scale-out.ts; starts when told to
 * ("go"), so that the clock starts with every process at once, and stops on "stop".
 */
import { createApp, On, Projector, defineEvent } from '@factum/core';
import { PostgresEventStore, PostgresSubscriberLocks, PostgresSubscriberStore, silentLogger } from '@factum/postgres';
import { z } from 'zod';
import { BoundedIo } from '../../harness/bounded-io.js';
import { EVENT_TYPE } from '../../workloads/event-shapes.js';

const Deposited = defineEvent(EVENT_TYPE, z.object({ accountId: z.string(), amount: z.number(), n: z.number() }));

async function main(): Promise<void> {
  const [url, name, partitions, ioMs, ioConnections] = [
    process.env.SCALE_URL!,
    process.env.SCALE_NAME!,
    Number(process.env.SCALE_PARTITIONS),
    Number(process.env.SCALE_IO_MS),
    Number(process.env.SCALE_IO_CONNECTIONS),
  ];
  const io = new BoundedIo(ioConnections > 0 ? ioConnections : Infinity);
  const store = new PostgresEventStore({ pool: { connectionString: url, max: 12 } });

  @Projector({ name, partitions, readModel: 'durable', consistency: 'eventual' })
  class SlowProjector {
    @On(Deposited)
    async deposited(): Promise<void> {
      await io.run(() => new Promise((resolve) => setTimeout(resolve, ioMs)));
    }
  }

  const app = await createApp({
    store,
    projectors: [SlowProjector],
    subscriptions: {
      store: new PostgresSubscriberStore(store.client),
      locks: new PostgresSubscriberLocks(store.client, { heartbeatMs: 500 }),
      takeoverIntervalMs: 250,
      drainTimeoutMs: 2_000,
    },
    logger: silentLogger,
  });
  process.on('message', (message) => {
    if (message === 'go') void app.start().then(() => process.send!('started'));
    if (message === 'stop')
      void app
        .stop()
        .then(() => store.close())
        .then(() => process.exit(0));
  });
  // The bench stopped (or was stopped by its time cap): nobody will say "stop".
  process.on('disconnect', () => process.exit(0));
  process.send!('ready');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
