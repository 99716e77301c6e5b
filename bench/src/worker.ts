/**
 * The child process that runs one system's part of one workload. Each system is loaded only in
 * its own worker, so systems never share a heap, a JIT profile, global pg type parsers or RSS.
 * The orchestrator sends one `WorkerTask` over IPC and gets one `WorkerResult` back.
 */
import { assertOwnedDatabase } from './harness/bench-databases.js';
import { MemorySampler } from './harness/memory-sampler.js';
import { now } from './harness/concurrency.js';
import { UnavailableError, type SystemAdapter, type SystemName, type WorkerResult, type WorkerTask, type WorkloadContext } from './workloads/types.js';

async function loadAdapter(system: SystemName): Promise<SystemAdapter> {
  switch (system) {
    case 'floor':
      return (await import('./systems/floor/floor-adapter.js')).floorAdapter;
    case 'emmett':
      return (await import('./systems/emmett/emmett-adapter.js')).emmettAdapter;
    case 'nestjs':
      return (await import('./systems/nestjs/nestjs-adapter.js')).nestjsAdapter;
    case 'factum':
      return (await import('./systems/factum/factum-adapter.js')).factumAdapter;
    case 'plain':
      return (await import('./systems/plain/plain-adapter.js')).plainAdapter;
  }
}

async function execute(task: WorkerTask, sampler: MemorySampler): Promise<WorkerResult> {
  let adapter: SystemAdapter;
  try {
    adapter = await loadAdapter(task.system);
  } catch (error) {
    return { status: 'unavailable', reason: `cannot load ${task.system}: ${firstLine(error)}` };
  }
  const workload = adapter.workloads[task.workload];
  if (!workload) return { status: 'unavailable', reason: `${task.system} has no '${task.workload}' workload` };
  if (task.database) await assertOwnedDatabase(task.database.url, task.database.ownershipToken);
  let frozenPeakRssMb: number | undefined;
  const context: WorkloadContext = {
    freezePeakRss: () => {
      frozenPeakRssMb = sampler.peakMb();
    },
    params: task.params,
    run: task.run,
    databaseUrl: () => {
      if (!task.database) throw new Error(`'${task.workload}' got no database`);
      return task.database.url;
    },
  };
  const started = now();
  let figures = {};
  if ((task.phase === 'setup' || task.phase === 'all') && workload.setup) figures = { ...figures, ...(await workload.setup(context)) };
  if (task.phase === 'measure' || task.phase === 'all') figures = { ...figures, ...(await workload.measure(context)) };
  return { status: 'ok', figures, peakRssMb: frozenPeakRssMb ?? sampler.peakMb(), durationMs: now() - started };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

process.once('message', (task: WorkerTask) => {
  const sampler = new MemorySampler();
  execute(task, sampler)
    .catch((error: unknown): WorkerResult => {
      if (error instanceof UnavailableError) return { status: 'unavailable', reason: error.message };
      if (process.env.BENCH_DEBUG) console.error(error);
      return { status: 'error', reason: firstLine(error) };
    })
    .then((result) => {
      sampler.stop();
      process.send!(result, () => process.exit(0));
    });
});
