/**
 * Factum through its public API: `PostgresEventStore` (append, readStream, subscribe) for the
 * store workloads, and `createApp` with a decorated aggregate for the command workloads.
 */
import { createApp } from '@factum/core';
import { InMemoryEventStore, type NewEvent } from '@factum/event-store';
import { PostgresEventStore, PostgresSubscriberStore } from '@factum/postgres';
import { inFlight, now } from '../../harness/concurrency.js';
import { DeliveryCheck } from '../../harness/delivery-check.js';
import { HorizonWatch } from '../../harness/horizon-watch.js';
import { LatencyProbe } from '../../harness/latency-probe.js';
import { median, perSecond } from '../../harness/stats.js';
import { catchUpPlan, commandFor, deposited, EVENT_TYPE, streamName, writersFor, type DepositedData } from '../../workloads/event-shapes.js';
import type { Figures, SystemAdapter, SystemWorkload, WorkloadContext } from '../../workloads/types.js';
import { BankAccount, Deposit } from './bank-account.js';
import { catchUpProjector } from './catch-up-projector.js';
import { relayWorkload } from './relay-workload.js';
import { manySubscribers, scaleOut } from './scale-out.js';
import { measureProjectionSql } from './projection-sql.js';

const toEvent = (data: DepositedData): NewEvent => ({ type: EVENT_TYPE, data });

function openStore(context: WorkloadContext, poolSize: number): PostgresEventStore {
  return new PostgresEventStore({ pool: { connectionString: context.databaseUrl(), max: poolSize } });
}

async function withStore<T>(context: WorkloadContext, poolSize: number, body: (store: PostgresEventStore) => Promise<T>): Promise<T> {
  const store = openStore(context, poolSize);
  try {
    await store.migrate();
    return await body(store);
  } finally {
    await store.close();
  }
}

/** Opens `size` pooled connections before the clock starts, as the other systems do. */
async function warm(store: PostgresEventStore, size: number): Promise<void> {
  await inFlight(size, size, () => store.client.query('select 1'));
}

const migrate = (context: WorkloadContext): Promise<Figures> => withStore(context, 1, async () => ({}));

/**
 * Waits until a consumer has delivered every expected event into `check`, or nothing new has come
 * for `idleMs` (events were lost). `start` begins consuming, calls `delivered()` after recording
 * each event, and returns how to stop. The rate is measured up to the last delivery.
 */
function consumeUntilComplete(
  start: (delivered: () => void, fail: (error: unknown) => void) => () => void,
  check: DeliveryCheck,
  idleMs: number,
): Promise<{ elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const started = now();
    let last = started;
    let finished = false;
    let stop: (() => void) | undefined;
    const finish = (error?: unknown): void => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      stop?.();
      if (error) reject(error);
      else resolve({ elapsedMs: last - started });
    };
    const watchdog = setInterval(() => {
      if (now() - last > idleMs) finish();
    }, 50);
    stop = start(
      () => {
        last = now();
        if (check.complete) finish();
      },
      (error) => finish(error),
    );
    if (finished) stop();
  });
}

/**
 * The latency workload, also run as `latency-neighbour` (the orchestrator holds the neighbour's
 * transaction around it).
 */
const latency: SystemWorkload = {
  setup: migrate,
  async measure(context) {
    const { appends, ratePerSecond } = context.params;
    // The consumer has a store of its own, so it is woken the way a subscriber in another
    // process is: by LISTEN/NOTIFY, not by the in-process signal of the appending store.
    return withStore(context, 4, async (writer) => {
      const reader = openStore(context, 2);
      const probe = new LatencyProbe(appends!);
      const watch = new HorizonWatch(context.databaseUrl());
      const subscription = reader.subscribe({ from: 'head' }).subscribe({ next: (event) => probe.received((event.data as DepositedData).n) });
      try {
        await warm(writer, 4);
        await probe.run((streamId, n) => writer.append(streamId, [toEvent(deposited(n, streamId))]), ratePerSecond!, watch);
      } finally {
        subscription.unsubscribe();
        await reader.close();
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
  return withStore(context, lanes, async (store) => {
    await inFlight(plan.appends, lanes, (j) => store.append(streamName(plan.streamOf(j)), plan.eventsOf(j).map(toEvent)));
    await store.client.query('vacuum analyze');
    return {};
  });
}

export const factumAdapter: SystemAdapter = {
  name: 'factum',
  workloads: {
    relay: relayWorkload,
    'append-single': {
      setup: migrate,
      async measure(context) {
        const { streams, concurrency, pool } = context.params;
        return withStore(context, pool!, async (store) => {
          await warm(store, pool!);
          const started = now();
          await inFlight(streams!, concurrency!, (i) => store.append(streamName(i), [toEvent(deposited(i, streamName(i)))]));
          return { value: perSecond(streams!, now() - started) };
        });
      },
    },

    'append-batch': {
      setup: migrate,
      async measure(context) {
        const { streams, batchSize } = context.params;
        return withStore(context, 1, async (store) => {
          const batches = Array.from({ length: streams! }, (_, s) =>
            Array.from({ length: batchSize! }, (_, i) => toEvent(deposited(s * batchSize! + i, streamName(s)))),
          );
          await warm(store, 1);
          const started = now();
          for (let s = 0; s < streams!; s++) await store.append(streamName(s), batches[s]!);
          return { value: perSecond(streams! * batchSize!, now() - started) };
        });
      },
    },

    'read-stream': {
      async setup(context) {
        const { events } = context.params;
        return withStore(context, 1, async (store) => {
          for (let from = 0; from < events!; from += 1000) {
            const chunk = Array.from({ length: Math.min(1000, events! - from) }, (_, i) => toEvent(deposited(from + i, 'account-reader')));
            await store.append('account-reader', chunk);
          }
          await store.client.query('vacuum analyze');
          return {};
        });
      },
      async measure(context) {
        const { events, reads } = context.params;
        return withStore(context, 1, async (store) => {
          await warm(store, 1);
          const times: number[] = [];
          for (let r = 0; r < reads!; r++) {
            const started = now();
            let count = 0;
            let sum = 0;
            for await (const event of store.readStream('account-reader')) {
              count++;
              sum += (event.data as DepositedData).amount;
            }
            times.push(now() - started);
            if (count !== events! || sum <= 0) throw new Error(`read ${count} events, expected ${events}`);
          }
          return { value: median(times), eventsPerSecond: perSecond(events!, median(times)) };
        });
      },
    },

    'catch-up': {
      setup: writeCatchUpLog,
      async measure(context) {
        const { events, batchSize } = context.params;
        return withStore(context, 4, async (store) => {
          await warm(store, 4);
          // The figure: a @Projector from the origin, checkpointed in Postgres by the app.
          const check = new DeliveryCheck(events!);
          let app: Awaited<ReturnType<typeof createApp>> | undefined;
          const { elapsedMs } = await consumeUntilComplete(
            (delivered, fail) => {
              const projector = catchUpProjector(`bench-catch-up-${context.run}`, check, delivered);
              void (async () => {
                app = await createApp({
                  store,
                  projectors: [projector],
                  subscriptions: { store: new PostgresSubscriberStore(store.client), batchSize: batchSize! },
                });
                await app.start();
              })().catch(fail);
              return () => undefined;
            },
            check,
            3_000,
          );
          await app?.stop();
          context.freezePeakRss();
          const { rows } = await store.client.query<{ stored: number }>(`select count(*)::int as stored from ${store.schema.qualify('events')}`);
          // For comparison, not the figure: the store's own subscription, without a projector.
          const raw = new DeliveryCheck(events!);
          const rawRun = await consumeUntilComplete(
            (delivered, fail) => {
              const subscription = store.subscribe({ from: 'origin', batchSize: batchSize! }).subscribe({
                next: (event) => {
                  raw.record((event.data as DepositedData).n);
                  delivered();
                },
                error: fail,
              });
              return () => subscription.unsubscribe();
            },
            raw,
            3_000,
          );
          return {
            value: perSecond(check.delivered, elapsedMs),
            ...check.figures(),
            stored: rows[0]!.stored,
            subscribeRate: perSecond(raw.delivered, rawRun.elapsedMs),
            subscribeMissing: raw.missing,
          };
        });
      },
    },

    'projection-sql': {
      setup: writeCatchUpLog,
      measure: (context) =>
        withStore(context, 4, async (store) => {
          await warm(store, 4);
          return measureProjectionSql(context, store);
        }),
    },

    latency,
    'latency-neighbour': latency,
    'scale-out': scaleOut,
    'many-subscribers': manySubscribers,

    command: {
      setup: migrate,
      async measure(context) {
        const { aggregates, commands, concurrency, pool } = context.params;
        return withStore(context, pool!, async (store) => {
          const app = await createApp({ store, aggregates: [BankAccount] });
          await warm(store, pool!);
          const started = now();
          await inFlight(commands!, concurrency!, (i) => app.dispatch(Deposit(commandFor(i, aggregates!))));
          const elapsed = now() - started;
          await app.stop();
          return { value: perSecond(commands!, elapsed) };
        });
      },
    },

    'dispatch-memory': {
      async measure(context) {
        const { commands, aggregates } = context.params;
        const store = new InMemoryEventStore();
        const app = await createApp({ store, aggregates: [BankAccount] });
        const started = now();
        for (let i = 0; i < commands!; i++) await app.dispatch(Deposit(commandFor(i, aggregates!)));
        const elapsed = now() - started;
        await app.stop();
        await store.close();
        return { value: perSecond(commands!, elapsed) };
      },
    },

    memory: {
      async setup(context) {
        const { events, appendSize } = context.params;
        return withStore(context, 1, async (store) => {
          for (let from = 0; from < events!; from += appendSize!) {
            const chunk = Array.from({ length: Math.min(appendSize!, events! - from) }, (_, i) => toEvent(deposited(from + i, 'account-big')));
            await store.append('account-big', chunk);
          }
          await store.client.query('vacuum analyze');
          return {};
        });
      },
      async measure(context) {
        const { events } = context.params;
        return withStore(context, 1, async (store) => {
          const started = now();
          let count = 0;
          for await (const event of store.readStream('account-big')) {
            if ((event.data as DepositedData).n !== count) throw new Error(`event ${count} came out of order`);
            count++;
          }
          const elapsed = now() - started;
          if (count !== events!) throw new Error(`read ${count} events, expected ${events}`);
          return { eventsPerSecond: perSecond(count, elapsed), readMs: elapsed };
        });
      },
    },
  },
};
