/** The names every part of the bench agrees on: workloads, systems and what a worker returns. */

export const WORKLOADS = [
  'append-single',
  'append-batch',
  'read-stream',
  'catch-up',
  'projection-sql',
  'latency',
  'latency-neighbour',
  'command',
  'dispatch-memory',
  'memory',
  'relay',
  'scale-out',
  'many-subscribers',
] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export const SYSTEMS = ['factum', 'emmett', 'floor', 'nestjs', 'plain'] as const;
export type SystemName = (typeof SYSTEMS)[number];

/** `setup` fills a database that later `measure` runs share; `all` does both in one process. */
export type Phase = 'setup' | 'measure' | 'all';

export type Params = Readonly<Record<string, number>>;

/** What the orchestrator hands a child process. */
export interface WorkerTask {
  workload: WorkloadName;
  system: SystemName;
  phase: Phase;
  params: Params;
  run: number;
  /** A database this bench created for this task; absent for in-memory workloads. */
  database?: { url: string; ownershipToken: string };
}

/** Figures a workload produced, e.g. `{ value: 1234 }` or `{ p50: 1.2, p99: 3.4, max: 9 }`. */
export type Figures = Record<string, number>;

export type WorkerResult =
  | { status: 'ok'; figures: Figures; peakRssMb: number; durationMs: number }
  | { status: 'unavailable'; reason: string }
  | { status: 'error'; reason: string }
  /** The workload's time cap ran out: the child was killed and nothing it measured is reported. */
  | { status: 'timed_out'; reason: string };

/** What a workload function gets inside the child process. */
export interface WorkloadContext {
  params: Params;
  run: number;
  /** Connection string of the bench's own database (throws for in-memory workloads). */
  databaseUrl(): string;
  /**
   * Freezes the peak RSS reported for this run at its value now, for a workload that does
   * something extra afterwards which the memory figure must not include.
   */
  freezePeakRss(): void;
}

export type WorkloadFn = (context: WorkloadContext) => Promise<Figures>;

/** One system's implementation of one workload. */
export interface SystemWorkload {
  setup?: WorkloadFn;
  measure: WorkloadFn;
}

/** A system: the workloads it takes part in, and a check that it can run at all here. */
export interface SystemAdapter {
  name: SystemName;
  workloads: Partial<Record<WorkloadName, SystemWorkload>>;
}

/** Thrown by an adapter when the system (or the part of it a workload needs) is not there. */
export class UnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnavailableError';
  }
}
