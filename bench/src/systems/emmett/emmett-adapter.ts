/**
 * Emmett on the same server, through its documented API: `getPostgreSQLEventStore`,
 * `appendToStream`, `readStream`, the store's `consumer()` with a reactor for catch-up and
 * latency, and `CommandHandler` for commands. Its pool is a `pg.Pool` of the workload's size.
 */
import { CommandHandler, type Event } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, messagesTable, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import { inFlight, now } from '../../harness/concurrency.js';
import { DeliveryCheck } from '../../harness/delivery-check.js';
import { HorizonWatch } from '../../harness/horizon-watch.js';
import { LatencyProbe } from '../../harness/latency-probe.js';
import { median, perSecond } from '../../harness/stats.js';
import { catchUpPlan, commandFor, deposited, EVENT_TYPE, streamName, writersFor, type DepositedData } from '../../workloads/event-shapes.js';
import type { Figures, SystemAdapter, SystemWorkload, WorkloadContext } from '../../workloads/types.js';
import { measureProjectionSql } from './projection-sql.js';

type Deposited = Event<'Deposited', DepositedData>;

const toEvent = (data: DepositedData): Deposited => ({ type: EVENT_TYPE, data });

interface Session {
  store: PostgresEventStore;
  pool: pg.Pool;
}

async function withStore<T>(context: WorkloadContext, poolSize: number, body: (session: Session) => Promise<T>): Promise<T> {
  const url = context.databaseUrl();
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  try {
    await store.schema.migrate();
    return await body({ store, pool });
  } finally {
    await store.close();
    await pool.end().catch(() => undefined);
  }
}

async function warm(pool: pg.Pool, size: number): Promise<void> {
  await inFlight(size, size, () => pool.query('SELECT 1'));
}

const migrate = (context: WorkloadContext): Promise<Figures> => withStore(context, 1, async () => ({}));

/** The latency workload, also run as `latency-neighbour` (the orchestrator holds the neighbour). */
const latency: SystemWorkload = {
  setup: migrate,
  async measure(context) {
    const { appends, ratePerSecond } = context.params;
    return withStore(context, 4, async ({ store }) => {
      const probe = new LatencyProbe(appends!);
      const watch = new HorizonWatch(context.databaseUrl());
      const consumer = store.consumer<Deposited>();
      consumer.reactor<Deposited>({
        processorId: 'bench-latency',
        startFrom: 'END',
        eachMessage: (event) => probe.received(event.data.n),
      });
      const running = consumer.start();
      try {
        await probe.run((streamId, n) => store.appendToStream(streamId, [toEvent(deposited(n, streamId))]), ratePerSecond!, watch);
      } finally {
        await consumer.stop();
        await running.catch(() => undefined);
        await consumer.close();
      }
      return { ...probe.figures(), ...(await watch.stop()) };
    });
  },
};

/** The catch-up log (also read by `projection-sql`): 16 writers, 20 events per append. */
async function writeCatchUpLog(context: WorkloadContext): Promise<Figures> {
  const { events, streams, writers, eventsPerAppend } = context.params;
  const plan = catchUpPlan(events!, streams!, eventsPerAppend!);
  const lanes = writersFor(writers!, streams!);
  return withStore(context, lanes, async ({ store, pool }) => {
    await inFlight(plan.appends, lanes, (j) => store.appendToStream(streamName(plan.streamOf(j)), plan.eventsOf(j).map(toEvent)));
    await pool.query('VACUUM ANALYZE');
    return {};
  });
}

export const emmettAdapter: SystemAdapter = {
  name: 'emmett',
  workloads: {
    'append-single': {
      setup: migrate,
      async measure(context) {
        const { streams, concurrency, pool: size } = context.params;
        return withStore(context, size!, async ({ store, pool }) => {
          await warm(pool, size!);
          const started = now();
          await inFlight(streams!, concurrency!, (i) => store.appendToStream(streamName(i), [toEvent(deposited(i, streamName(i)))]));
          return { value: perSecond(streams!, now() - started) };
        });
      },
    },

    'append-batch': {
      setup: migrate,
      async measure(context) {
        const { streams, batchSize } = context.params;
        return withStore(context, 1, async ({ store, pool }) => {
          const batches = Array.from({ length: streams! }, (_, s) =>
            Array.from({ length: batchSize! }, (_, i) => toEvent(deposited(s * batchSize! + i, streamName(s)))),
          );
          await warm(pool, 1);
          const started = now();
          for (let s = 0; s < streams!; s++) await store.appendToStream(streamName(s), batches[s]!);
          return { value: perSecond(streams! * batchSize!, now() - started) };
        });
      },
    },

    'read-stream': {
      async setup(context) {
        const { events } = context.params;
        return withStore(context, 1, async ({ store, pool }) => {
          for (let from = 0; from < events!; from += 1000) {
            const chunk = Array.from({ length: Math.min(1000, events! - from) }, (_, i) => toEvent(deposited(from + i, 'account-reader')));
            await store.appendToStream('account-reader', chunk);
          }
          await pool.query('VACUUM ANALYZE');
          return {};
        });
      },
      async measure(context) {
        const { events, reads } = context.params;
        return withStore(context, 1, async ({ store }) => {
          const times: number[] = [];
          for (let r = 0; r < reads!; r++) {
            const started = now();
            const result = await store.readStream<Deposited>('account-reader');
            let sum = 0;
            for (const event of result.events) sum += event.data.amount;
            times.push(now() - started);
            if (result.events.length !== events! || sum <= 0) throw new Error(`read ${result.events.length} events, expected ${events}`);
          }
          return { value: median(times), eventsPerSecond: perSecond(events!, median(times)) };
        });
      },
    },

    'catch-up': {
      setup: writeCatchUpLog,
      async measure(context) {
        const { events, batchSize } = context.params;
        const check = new DeliveryCheck(events!);
        return withStore(context, 2, async ({ store, pool }) => {
          // Emmett's defaults (100 per batch, 50 ms between batches) would cap it near 2,000
          // events/s; the bench gives it the same batch size as everyone and no pause.
          const consumer = store.consumer<Deposited>({
            stopWhen: { noMessagesLeft: true },
            pulling: { batchSize: batchSize!, pullingFrequencyInMs: 0 },
          });
          consumer.reactor<Deposited>({
            processorId: `bench-catch-up-${context.run}`,
            startFrom: 'BEGINNING',
            eachMessage: (event) => {
              check.record(event.data.n);
            },
          });
          const started = now();
          try {
            await consumer.start();
          } finally {
            await consumer.close();
          }
          const elapsed = now() - started;
          const { rows } = await pool.query<{ stored: number }>(`SELECT count(*)::int AS stored FROM ${messagesTable.name}`);
          return { value: perSecond(check.delivered, elapsed), ...check.figures(), stored: rows[0]!.stored };
        });
      },
    },

    'projection-sql': {
      setup: writeCatchUpLog,
      measure: (context) => withStore(context, 2, ({ pool }) => measureProjectionSql(context, pool)),
    },

    latency,
    'latency-neighbour': latency,

    command: {
      setup: migrate,
      async measure(context) {
        const { aggregates, commands, concurrency, pool: size } = context.params;
        const handle = CommandHandler<{ balance: number }, Deposited>({
          evolve: (state, event) => ({ balance: state.balance + event.data.amount }),
          initialState: () => ({ balance: 0 }),
        });
        return withStore(context, size!, async ({ store, pool }) => {
          await warm(pool, size!);
          const started = now();
          await inFlight(commands!, concurrency!, (i) => {
            const command = commandFor(i, aggregates!);
            const stream = streamName(Number(command.accountId));
            return handle(store, stream, (state) => {
              if (command.amount <= 0 || state.balance < 0) throw new Error('rejected');
              return toEvent(deposited(command.n, stream));
            });
          });
          return { value: perSecond(commands!, now() - started) };
        });
      },
    },
  },
};
