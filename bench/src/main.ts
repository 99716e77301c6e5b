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
  /** When the system running now must be done with the workload (its time cap). */
  private deadline = Infinity;

  constructor(
    private readonly options: BenchOptions,
    private readonly databases: BenchDatabases,
  ) {}

  private async child(spec: WorkloadSpec, system: SystemName, phase: Phase, run: number, database: BenchDatabase | undefined): Promise<WorkerResult> {
    if (spec.neighbourTransaction && phase !== 'setup') return this.withNeighbour(() => this.worker(spec, system, phase, run, database));
    return this.worker(spec, system, phase, run, database);
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

  private async worker(spec: WorkloadSpec, system: SystemName, phase: Phase, run: number, database: BenchDatabase | undefined): Promise<WorkerResult> {
    const left = this.deadline - Date.now();
    if (left <= 0) return { status: 'timed_out', reason: `its time cap (${timeCapMs(spec, this.options) / 1000} s) ran out before ${phase} ${run}` };
    return runInChild(
      {
        workload: spec.name,
        system,
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

  async runSystem(spec: WorkloadSpec, system: SystemName): Promise<SystemOutcome> {
    const runs = spec.fixedRuns ?? this.options.runs;
    this.deadline = Date.now() + timeCapMs(spec, this.options);
    const figures: Figures[] = [];
    const rss: number[] = [];
    const fail = (result: Exclude<WorkerResult, { status: 'ok' }>, stage: string): SystemOutcome => {
      const what = { unavailable: 'not available', error: `FAILED in ${stage}`, timed_out: `TIMED OUT in ${stage}` }[result.status];
      log(`  ${system}: ${what}: ${result.reason}`);
      return { system, status: result.status, reason: result.reason, runs: figures, peakRssMb: rss, figures: {} };
    };
    let long = false;
    const record = (result: WorkerResult, run: number): Exclude<WorkerResult, { status: 'ok' }> | undefined => {
      if (result.status !== 'ok') return result;
      figures.push(result.figures);
      rss.push(result.peakRssMb);
      long = result.durationMs > LONG_RUN_MS;
      log(`  ${system} run ${run}/${runs}: ${describe(spec, result.figures, result.peakRssMb)}${long && run < runs ? ' (too slow to repeat)' : ''}`);
      return undefined;
    };

    if (spec.shared) {
      const failure = await this.withDatabase(spec, async (db) => {
        const setup = await this.child(spec, system, 'setup', 0, db);
        if (setup.status !== 'ok') return { result: setup, stage: 'setup' };
        log(`  ${system} setup: ${Math.round(setup.durationMs)} ms`);
        for (let run = 1; run <= runs; run++) {
          const bad = record(await this.child(spec, system, 'measure', run, db), run);
          if (bad) return { result: bad, stage: `run ${run}` };
          if (long) break;
        }
        return undefined;
      });
      if (failure) return fail(failure.result, failure.stage);
    } else {
      for (let run = 1; run <= runs; run++) {
        const bad = await this.withDatabase(spec, async (db) => record(await this.child(spec, system, 'all', run, db), run));
        if (bad) return fail(bad, `run ${run}`);
        if (long) break;
      }
    }
    const outcome = summarise(system, figures, rss);
    if (figures.length < runs) outcome.note = `${figures.length} run of ${runs}: one run takes over ${LONG_RUN_MS / 1000} s`;
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
      const bySystem = new Map<SystemName, SystemOutcome>();
      outcomes.set(spec.name, bySystem);
      for (const system of systems) bySystem.set(system, await orchestrator.runSystem(spec, system));
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
