/**
 * The scale-out workloads: the same partitioned projector run by 1, 2 and 4 processes (each a
 * real child process, balanced by Factum), and 20 live projectors in one process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createApp, defineEvent, On, Projector } from '@factum/core';
import { PostgresEventStore } from '@factum/postgres';
import { z } from 'zod';
import { inFlight, now, sleep } from '../../harness/concurrency.js';
import { HorizonWatch } from '../../harness/horizon-watch.js';
import { LatencyProbe } from '../../harness/latency-probe.js';
import { perSecond } from '../../harness/stats.js';
import { deposited, EVENT_TYPE, streamName, type DepositedData } from '../../workloads/event-shapes.js';
import type { Figures, SystemWorkload, WorkloadContext } from '../../workloads/types.js';

const PROCESS = fileURLToPath(new URL('./scale-out-process.js', import.meta.url));
const PROCESS_COUNTS = [1, 2, 4] as const;

function once(child: ChildProcess, message: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (received: unknown): void => {
      if (received === message) {
        child.off('message', onMessage);
        resolve();
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`a scale-out process exited (${code}) before '${message}'`)));
  });
}

/**
 * Events/s of `processes` processes handling the whole log with a projector of its own name,
 * each process's I/O through a client of `ioConnections` connections (0: unbounded).
 */
async function runWith(context: WorkloadContext, store: PostgresEventStore, processes: number, events: number, ioConnections: number): Promise<number> {
  const { partitions, ioMs } = context.params;
  const name = `scale-out-p${processes}${ioConnections > 0 ? '' : '-unbounded'}`;
  const children = Array.from({ length: processes }, () =>
    fork(PROCESS, [], {
      stdio: ['ignore', 2, 2, 'ipc'],
      env: {
        ...process.env,
        SCALE_URL: context.databaseUrl(),
        SCALE_NAME: name,
        SCALE_PARTITIONS: String(partitions),
        SCALE_IO_MS: String(ioMs),
        SCALE_IO_CONNECTIONS: String(ioConnections),
      },
    }),
  );
  try {
    await Promise.all(children.map((child) => once(child, 'ready')));
    const head = await store.headPosition();
    const started = now();
    for (const child of children) child.send('go');
    const names = Array.from({ length: partitions! }, (_, i) => `${name}#${i}`);
    for (;;) {
      const { rows } = await store.client.query<{ name: string; position: string }>(`select name, position from factum.checkpoints where name = any($1)`, [
        names,
      ]);
      if (rows.length === partitions && rows.every((row) => row.position === head)) break;
      if (now() - started > 200_000) throw new Error(`${processes} process(es) did not finish within 200 s`);
      await sleep(20);
    }
    return perSecond(events, now() - started);
  } finally {
    for (const child of children) child.send('stop');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
  }
}

export const scaleOut: SystemWorkload = {
  async setup(context) {
    const { events, streams } = context.params;
    const store = new PostgresEventStore({ pool: { connectionString: context.databaseUrl(), max: 4 } });
    try {
      await store.migrate();
      for (let i = 0; i < events!; i += 100) {
        const stream = streamName(Math.floor(i / 100) % streams!);
        await store.append(
          stream,
          Array.from({ length: Math.min(100, events! - i) }, (_, j) => ({ type: EVENT_TYPE, data: deposited(i + j, stream) })),
        );
      }
    } finally {
      await store.close();
    }
    return {};
  },
  async measure(context) {
    const store = new PostgresEventStore({ pool: { connectionString: context.databaseUrl(), max: 2 } });
    const figures: Figures = {};
    try {
      const { events, ioConnections } = context.params;
      // The figures the target reads: each process bounded by its own I/O client.
      for (const processes of PROCESS_COUNTS) figures[`p${processes}`] = await runWith(context, store, processes, events!, ioConnections!);
      // And with unbounded awaited I/O, where one process already runs every partition at once.
      for (const processes of PROCESS_COUNTS) figures[`p${processes}_unbounded`] = await runWith(context, store, processes, events!, 0);
    } finally {
      await store.close();
    }
    return { ...figures, value: figures.p4! };
  },
};

const Deposited = defineEvent(EVENT_TYPE, z.object({ accountId: z.string(), amount: z.number(), n: z.number() }));

/**
 * Append → handled by every one of `count` live projectors of one app (the last of them), as the
 * latency workload times it; the app reads through a store of its own, appends come from another,
 * as from another process.
 */
async function appLatency(context: WorkloadContext, count: number, appends: number, ratePerSecond: number): Promise<Figures> {
  const probe = new LatencyProbe(appends);
  const handledBy = new Map<number, number>();
  const received = (n: number): void => {
    if (n < 0) return probe.received(n);
    const handled = (handledBy.get(n) ?? 0) + 1;
    handledBy.set(n, handled);
    if (handled === count) probe.received(n);
  };
  const projectors = Array.from({ length: count }, (_, i) => {
    @Projector({ name: `live-${count}-${i}`, readModel: 'memory', startFrom: 'head', consistency: 'eventual' })
    class Live {
      @On(Deposited)
      deposited(event: { data: DepositedData }): void {
        received(event.data.n);
      }
    }
    return Live;
  });
  const reader = new PostgresEventStore({ pool: { connectionString: context.databaseUrl(), max: 8 } });
  const writer = new PostgresEventStore({ pool: { connectionString: context.databaseUrl(), max: 4 } });
  const app = await createApp({ store: reader, projectors });
  const watch = new HorizonWatch(context.databaseUrl());
  try {
    await app.start();
    // As the latency workload does: the writer's connections are open before the clock runs.
    await inFlight(4, 4, () => writer.client.query('select 1'));
    await probe.run((streamId, n) => writer.append(streamId, [{ type: EVENT_TYPE, data: deposited(n, streamId) }]), ratePerSecond, watch);
  } finally {
    await app.stop();
    await Promise.all([reader.close(), writer.close()]);
  }
  return { ...probe.figures(), ...(await watch.stop()) };
}

/**
 * `subscribers` live projectors in one app; first the same app with one projector, in the same
 * run, for comparison (`one_p50`, `one_p99`): what the other 19 add, on this machine now.
 */
export const manySubscribers: SystemWorkload = {
  async setup(context) {
    const store = new PostgresEventStore({ pool: { connectionString: context.databaseUrl(), max: 1 } });
    await store.migrate();
    await store.close();
    return {};
  },
  async measure(context) {
    const { appends, ratePerSecond, subscribers } = context.params;
    const one = await appLatency(context, 1, appends!, ratePerSecond!);
    const many = await appLatency(context, subscribers!, appends!, ratePerSecond!);
    return { ...many, one_p50: one.p50!, one_p99: one.p99! };
  },
};
