import { SCALE_OUT_WORKLOADS } from './scale-out-workloads.js';
import type { Params, SystemName, WorkloadName } from './types.js';

/**
 * Every workload with the parameters all systems share, scaled by `--scale` for quick trials.
 * `shared` workloads fill one fresh database per system and measure it `runs` times (each run in
 * its own process); the others get a fresh database per run.
 *
 * To add a workload: add its name to `WORKLOADS` (types.ts), its spec here, and its part to each
 * system's adapter (`systems/<name>/`); a system without it is reported "not available".
 */
export interface WorkloadSpec {
  name: WorkloadName;
  title: string;
  /** The figure's unit; `higherIsBetter` says which way the ratios point. */
  unit: string;
  higherIsBetter: boolean;
  systems: readonly SystemName[];
  /** The systems run when `--systems` is not given; all of `systems` when absent. */
  defaultSystems?: readonly SystemName[];
  /** Whether the workload needs a PostgreSQL database. */
  postgres: boolean;
  shared: boolean;
  /** Runs this many times whatever `--runs` says (1 for the slow, fixed-rate ones). */
  fixedRuns?: number;
  /** The figures are per-event times (p50, p99, max), not one `value`. */
  percentiles?: boolean;
  /**
   * Each run is measured while a session of another database on the server sits idle in
   * transaction with a transaction id (harness/neighbour-transaction.ts). The orchestrator
   * holds it; the systems' workload itself knows nothing of it.
   */
  neighbourTransaction?: boolean;
  /**
   * The most one system may spend on this workload, setup and every run included, at scale 1
   * (see `timeCapMs`). A system still running then is killed and reported `timed_out`.
   */
  timeCapS?: number;
  /** Left out of `--quick` unless named with `--only` (it cannot give a figure in seconds). */
  slowForQuick?: boolean;
  params: (scale: number) => Params;
}

/** Default `timeCapS`: a loaded machine runs any workload here in well under this. */
const DEFAULT_TIME_CAP_S = 120;
/** Under `--quick` every workload gets this cap per system, whatever its own. */
export const QUICK_TIME_CAP_S = 20;

/** The cap for one system's part of `spec`, in ms: `--time-cap` when given, else the quick or the workload's own. */
export function timeCapMs(spec: WorkloadSpec, options: { quick: boolean; timeCapS?: number }): number {
  return (options.timeCapS ?? (options.quick ? QUICK_TIME_CAP_S : (spec.timeCapS ?? DEFAULT_TIME_CAP_S))) * 1000;
}

const scaled = (n: number, scale: number, min = 1): number => Math.max(min, Math.round(n * scale));

export const CATALOG: readonly WorkloadSpec[] = [
  {
    name: 'append-single',
    title: '1 event to each of 20,000 new streams, 16 appends in flight, pool of 16',
    unit: 'events/s',
    higherIsBetter: true,
    systems: ['factum', 'emmett', 'floor'],
    postgres: true,
    shared: false,
    params: (s) => ({ streams: scaled(20_000, s, 16), concurrency: 16, pool: 16 }),
  },
  {
    name: 'append-batch',
    title: '100 events per append to 200 new streams, one append at a time',
    unit: 'events/s',
    higherIsBetter: true,
    systems: ['factum', 'emmett', 'floor'],
    postgres: true,
    shared: false,
    params: (s) => ({ streams: scaled(200, s, 2), batchSize: 100, pool: 1 }),
  },
  {
    name: 'read-stream',
    title: 'read one 10,000-event stream start to end (median of 5 reads)',
    unit: 'ms',
    higherIsBetter: false,
    systems: ['factum', 'emmett', 'floor'],
    postgres: true,
    shared: true,
    params: (s) => ({ events: scaled(10_000, s, 100), reads: 5, pool: 4 }),
  },
  {
    name: 'catch-up',
    title: '100,000 events over 1,000 streams by 16 writers, then a consumer from the origin',
    unit: 'events/s',
    higherIsBetter: true,
    systems: ['factum', 'emmett', 'floor'],
    postgres: true,
    shared: true,
    timeCapS: 240,
    params: (s) => ({ events: scaled(100_000, s, 1_000), streams: scaled(1_000, s, 10), writers: 16, eventsPerAppend: 20, batchSize: 500 }),
  },
  {
    // Rebuilding a SQL read model: where event-sourced systems spend their hours.
    name: 'projection-sql',
    title: 'rebuild a table read model (balance per account, upsert) of 1,000 accounts from 100,000 events',
    unit: 'events/s',
    higherIsBetter: true,
    systems: ['factum', 'emmett', 'floor'],
    postgres: true,
    shared: true,
    timeCapS: 240,
    // peerBudgetS: how long Emmett's one-event-per-transaction rebuild runs before its rate is taken.
    params: (s) => ({ events: scaled(100_000, s, 1_000), streams: scaled(1_000, s, 10), writers: 16, eventsPerAppend: 20, batchSize: 500, peerBudgetS: 60 }),
  },
  {
    name: 'latency',
    title: '1,000 single appends at ~100/s while a live consumer runs: append → handler',
    unit: 'ms',
    higherIsBetter: false,
    systems: ['factum', 'emmett'],
    postgres: true,
    shared: false,
    fixedRuns: 1,
    percentiles: true,
    params: (s) => ({ appends: scaled(1_000, s, 50), ratePerSecond: 100 }),
  },
  {
    // A forgotten psql session or a stuck job in another database must not stall subscribers.
    name: 'latency-neighbour',
    title: 'latency, while another database holds a transaction idle in transaction: append → handler',
    unit: 'ms',
    higherIsBetter: false,
    systems: ['factum', 'emmett'],
    postgres: true,
    shared: false,
    fixedRuns: 1,
    percentiles: true,
    neighbourTransaction: true,
    slowForQuick: true,
    params: (s) => ({ appends: scaled(1_000, s, 50), ratePerSecond: 100 }),
  },
  {
    name: 'command',
    title: 'load aggregate, decide, append: commands over 1,000 aggregates, 16 in flight',
    unit: 'commands/s',
    higherIsBetter: true,
    // The floor's command (SELECT the stream, fold, INSERT) is kept for profiling with
    // `--systems floor`; it is left out of the default run to keep the bench under five minutes.
    systems: ['factum', 'emmett', 'floor'],
    defaultSystems: ['factum', 'emmett'],
    postgres: true,
    shared: false,
    params: (s) => ({ aggregates: scaled(1_000, s, 16), commands: scaled(10_000, s, 160), concurrency: 16, pool: 16 }),
  },
  {
    name: 'dispatch-memory',
    title: '200,000 sequential commands through an aggregate on the in-memory store, validation on',
    unit: 'commands/s',
    higherIsBetter: true,
    systems: ['factum', 'nestjs'],
    postgres: false,
    shared: false,
    params: (s) => ({ commands: scaled(200_000, s, 1_000), aggregates: 1_000 }),
  },
  {
    name: 'memory',
    title: 'peak RSS of the Factum process reading a 1,000,000-event stream',
    unit: 'MB',
    higherIsBetter: false,
    systems: ['factum'],
    postgres: true,
    shared: true,
    fixedRuns: 1,
    timeCapS: 180,
    params: (s) => ({ events: scaled(1_000_000, s, 10_000), appendSize: 10_000 }),
  },
  {
    name: 'relay',
    title: '50,000 events from the log to JetStream acknowledgements (NATS at NATS_URL), checkpointed in Postgres; peer: a plain JetStream client',
    unit: 'events/s',
    higherIsBetter: true,
    systems: ['factum', 'plain'],
    postgres: true,
    shared: true,
    params: (s) => ({ events: scaled(50_000, s, 1_000), streams: scaled(500, s, 10), eventsPerAppend: 20, batchSize: 500 }),
  },
  ...SCALE_OUT_WORKLOADS,
];

export function workloadSpec(name: WorkloadName): WorkloadSpec {
  const spec = CATALOG.find((w) => w.name === name);
  if (!spec) throw new Error(`unknown workload '${name}'`);
  return spec;
}
