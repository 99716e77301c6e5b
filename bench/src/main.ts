/**
 * The orchestrator: for each workload and system, creates a fresh database, runs the system's
 * part in child processes, drops the database, and prints the table (and the JSON line).
 */
import { parseOptions, USAGE, type BenchOptions } from './cli/options.js';
import { BenchDatabases, type BenchDatabase } from './harness/bench-databases.js';
import { runInChild } from './harness/child-runner.js';
import { NeighbourTransaction } from './harness/neighbour-transaction.js';
import { jsonReport } from './report/json-report.js';
import { summarise, type Outcomes, type SystemOutcome } from './report/outcome.js';
import { renderTable } from './report/table.js';
import { evaluateTargets } from './report/targets.js';
import { machine, systemVersions } from './report/versions.js';
import { CATALOG, timeCapMs, type WorkloadSpec } from './workloads/catalog.js';
import type { Figures, Phase, SystemName, WorkerResult } from './workloads/types.js';

/**
 * A system whose single run takes longer than this is not run again: the median of several such
 * runs would not fit the whole bench into its five minutes. The table says so where it happens.
 */
const LONG_RUN_MS = 15_000;
const log = (line: string): void => void process.stderr.write(`${line}\n`);

function describe(spec: WorkloadSpec, figures: Figures, rss: number): string {
  const parts: string[] = [];
  if ('value' in figures) parts.push(`${Math.round(figures.value! * 100) / 100} ${spec.unit}`);
  for (const key of ['p50', 'p99', 'max']) if (key in figures) parts.push(`${key} ${figures[key]!.toFixed(2)} ms`);
  if ('eventsPerSecond' in figures && !('value' in figures && spec.unit === 'events/s')) parts.push(`${Math.round(figures.eventsPerSecond!)} events/s`);
  if ('missing' in figures)
    parts.push(
      `delivered ${figures.delivered}/${figures.expected} (missing ${figures.missing}, duplicates ${figures.duplicates}${'stored' in figures ? `, ${figures.stored} stored` : ''})`,
    );
  else if ('delivered' in figures) parts.push(`delivered ${figures.delivered}/${figures.expected}`);
  if ('foreignXactMaxMs' in figures && figures.foreignXactShare! > 0)
    parts.push(
      `other databases had write transactions open in ${Math.round(figures.foreignXactShare! * 100)}% of samples (longest ${Math.round(figures.foreignXactMaxMs!)} ms)`,
    );
  if ('subscribeRate' in figures) parts.push(`store.subscribe() alone ${Math.round(figures.subscribeRate!)} events/s`);
  parts.push(`peak RSS ${rss.toFixed(0)} MB`);
  return parts.join(', ');
}

class Orchestrator {
  constructor(
    private readonly options: BenchOptions,
    private readonly databases: BenchDatabases,
  ) {}

  private async child(spec: WorkloadSpec, turn: SystemTurns, phase: Phase, run: number, database: BenchDatabase | undefined): Promise<WorkerResult> {
    if (spec.neighbourTransaction && phase !== 'setup') return this.withNeighbour(() => this.worker(spec, turn, phase, run, database));
    return this.worker(spec, turn, phase, run, database);
  }

  /**
   * Runs `body` while a session of another bench database sits idle in transaction with an id.
   * A neighbour that cannot be opened, or that is gone by the end, fails the run: a figure
   * measured without it would pass for one measured with it.
   */
  private async withNeighbour(body: () => Promise<WorkerResult>): Promise<WorkerResult> {
    const db = await this.databases.create();
    try {
      let neighbour: NeighbourTransaction;
      try {
        neighbour = await NeighbourTransaction.open(db.url);
      } catch (error) {
        return { status: 'error', reason: (error as Error).message };
      }
      log(`  neighbour: transaction ${neighbour.xid} idle in transaction in ${db.name} (pid ${neighbour.pid})`);
      let result: WorkerResult | undefined;
      try {
        result = await body();
      } finally {
        // Closed whatever happened: an open transaction would hold back every reader on the server.
        const closed = await neighbour.close().then(
          () => undefined,
          (error: unknown) => (error as Error).message,
        );
        if (closed !== undefined && result?.status === 'ok') result = { status: 'error', reason: `${closed}; the run is not reported` };
      }
      return result;
    } finally {
      await this.databases.drop(db);
    }
  }

  private async worker(spec: WorkloadSpec, turn: SystemTurns, phase: Phase, run: number, database: BenchDatabase | undefined): Promise<WorkerResult> {
    const left = turn.leftMs;
    if (left <= 0) return { status: 'timed_out', reason: `its time cap (${turn.capMs / 1000} s) ran out before ${phase} ${run}` };
    return runInChild(
      {
        workload: spec.name,
        system: turn.system,
        phase,
        run,
        params: spec.params(this.options.scale),
        ...(database ? { database: { url: database.url, ownershipToken: database.ownershipToken } } : {}),
      },
      left,
      // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every worker there (open in Chrome DevTools).
      process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
    );
  }

  private async withDatabase<T>(spec: WorkloadSpec, body: (db: BenchDatabase | undefined) => Promise<T>): Promise<T> {
    if (!spec.postgres) return body(undefined);
    const db = await this.databases.create();
    try {
      return await body(db);
    } finally {
      await this.databases.drop(db);
    }
  }

  /**
   * Runs every system's part of the workload, the systems taking turns run by run (setups first):
   * run 1 of each, then run 2 of each, and so on. A machine whose speed drifts over the minutes
   * of a workload (other work starting or ending) then weighs on every system alike, rather than
   * on whichever ran its runs last; the ratios the targets read come from the same minutes.
   */
  async runWorkload(spec: WorkloadSpec, systems: readonly SystemName[]): Promise<Map<SystemName, SystemOutcome>> {
    const runs = spec.fixedRuns ?? this.options.runs;
    const turns = systems.map((system) => new SystemTurns(system, timeCapMs(spec, this.options)));
    try {
      if (spec.shared) {
        for (const turn of turns) {
          turn.database = spec.postgres ? await this.databases.create() : undefined;
          const setup = await this.timed(turn, () => this.child(spec, turn, 'setup', 0, turn.database));
          if (setup.status !== 'ok') turn.fail(setup, 'setup');
          else log(`  ${turn.system} setup: ${Math.round(setup.durationMs)} ms`);
        }
      }
      for (let run = 1; run <= runs; run++) {
        for (const turn of turns) {
          if (!turn.running) continue;
          const result = spec.shared
            ? await this.timed(turn, () => this.child(spec, turn, 'measure', run, turn.database))
            : await this.timed(turn, () => this.withDatabase(spec, (db) => this.child(spec, turn, 'all', run, db)));
          if (result.status !== 'ok') {
            turn.fail(result, `run ${run}`);
            continue;
          }
          turn.record(result);
          log(
            `  ${turn.system} run ${run}/${runs}: ${describe(spec, result.figures, result.peakRssMb)}${turn.long && run < runs ? ' (too slow to repeat)' : ''}`,
          );
        }
      }
    } finally {
      for (const turn of turns) if (turn.database) await this.databases.drop(turn.database);
    }
    return new Map(turns.map((turn) => [turn.system, turn.outcome(runs)]));
  }

  /** Runs `body` and counts its time against `turn`'s time cap. */
  private async timed<T>(turn: SystemTurns, body: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await body();
    } finally {
      turn.spentMs += Date.now() - started;
    }
  }
}

/** One system's part of a workload while the systems take turns: its runs so far, its database, its time. */
class SystemTurns {
  readonly figures: Figures[] = [];
  readonly rss: number[] = [];
  /** Time spent on this system's setup and runs so far, against its time cap. */
  spentMs = 0;
  /** A run took longer than `LONG_RUN_MS`: no more runs of this system. */
  long = false;
  database: BenchDatabase | undefined;
  private failure: { result: Exclude<WorkerResult, { status: 'ok' }>; stage: string } | null = null;

  constructor(
    readonly system: SystemName,
    readonly capMs: number,
  ) {}

  get running(): boolean {
    return this.failure === null && !this.long;
  }

  get leftMs(): number {
    return this.capMs - this.spentMs;
  }

  record(result: Extract<WorkerResult, { status: 'ok' }>): void {
    this.figures.push(result.figures);
    this.rss.push(result.peakRssMb);
    this.long = result.durationMs > LONG_RUN_MS;
  }

  fail(result: Exclude<WorkerResult, { status: 'ok' }>, stage: string): void {
    const what = { unavailable: 'not available', error: `FAILED in ${stage}`, timed_out: `TIMED OUT in ${stage}` }[result.status];
    log(`  ${this.system}: ${what}: ${result.reason}`);
    this.failure = { result, stage };
  }

  outcome(runs: number): SystemOutcome {
    if (this.failure) {
      const { result } = this.failure;
      return { system: this.system, status: result.status, reason: result.reason, runs: this.figures, peakRssMb: this.rss, figures: {} };
    }
    const outcome = summarise(this.system, this.figures, this.rss);
    if (this.figures.length < runs) outcome.note = `${this.figures.length} run of ${runs}: one run takes over ${LONG_RUN_MS / 1000} s`;
    return outcome;
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(argv);
  } catch (error) {
    log(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    log(USAGE);
    return 0;
  }
  // --quick leaves out what cannot give a figure within its cap, unless --only names it.
  const selected = CATALOG.filter((w) => options.only.includes(w.name) && !(options.quick && w.slowForQuick && !options.onlyGiven));
  const databases = new BenchDatabases(options.databaseUrl);
  const systemsOf = (spec: WorkloadSpec): SystemName[] =>
    options.systemsGiven ? spec.systems.filter((s) => options.systems.includes(s)) : [...(spec.defaultSystems ?? spec.systems)];
  const needsPostgres = selected.some((w) => w.postgres && systemsOf(w).length > 0);
  let postgres: Record<string, string> = {};
  const interrupt = (): void => {
    log('interrupted: dropping the bench databases');
    void databases.dropAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const started = Date.now();
  const outcomes: Outcomes = new Map();
  try {
    if (needsPostgres) {
      await databases.connect();
      postgres = await databases.serverSettings();
      const leftovers = await databases.leftovers();
      if (leftovers.length > 0) {
        log(
          `note: ${leftovers.length} database(s) from an interrupted bench run remain (${leftovers.join(', ')}); drop them with DROP DATABASE when no bench is running`,
        );
      }
      log(
        `PostgreSQL ${postgres.server_version}: shared_buffers=${postgres.shared_buffers} synchronous_commit=${postgres.synchronous_commit} max_connections=${postgres.max_connections}`,
      );
    }
    const orchestrator = new Orchestrator(options, databases);
    for (const spec of selected) {
      const systems = systemsOf(spec);
      if (systems.length === 0) continue;
      log(`[${spec.name}] ${spec.title}${options.scale !== 1 ? ` (scale ${options.scale})` : ''}`);
      outcomes.set(spec.name, await orchestrator.runWorkload(spec, systems));
    }
  } finally {
    await databases.dropAll();
    await databases.close();
  }
  const targets = evaluateTargets(outcomes);
  const versions = systemVersions();
  process.stdout.write(`\n${renderTable(outcomes, targets)}\n\n`);
  process.stdout.write(
    `Node ${versions.node}, PostgreSQL ${postgres.server_version ?? 'n/a'}, ${options.runs} run(s), median reported, scale ${options.scale}${options.quick ? ' (--quick: a smoke run, not comparable)' : ''}; ${Math.round((Date.now() - started) / 1000)} s in all.\n`,
  );
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify(jsonReport(outcomes, { targets, versions, postgres, machine: machine(), runs: options.runs, scale: options.scale, quick: options.quick }))}\n`,
    );
  }
  return 0;
}
