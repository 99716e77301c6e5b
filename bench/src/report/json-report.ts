import { workloadSpec } from '../workloads/catalog.js';
import type { Outcomes } from './outcome.js';
import { figure, peakRss, ratio, type TargetCheck } from './targets.js';

type Json = Record<string, unknown>;

const rounded = (v: number | undefined, digits: number): number | null => (v === undefined ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/** The single JSON object `--json` prints on its last line; missing figures are null. */
export function jsonReport(
  outcomes: Outcomes,
  context: { targets: TargetCheck[]; versions: Json; postgres: Json; machine: Json; runs: number; scale: number; quick: boolean },
): Json {
  const workloads: Json = {};
  const unavailable: Json = {};
  const notes: Json = {};
  const timedOut: string[] = [];
  for (const [workload, systems] of outcomes) {
    const spec = workloadSpec(workload);
    for (const [system, outcome] of systems) {
      if (outcome.status === 'timed_out') timedOut.push(`${workload}/${system}`);
      if (outcome.status !== 'ok') unavailable[`${workload}/${system}`] = outcome.reason;
      else if (outcome.note) notes[`${workload}/${system}`] = outcome.note;
    }
    if (workload === 'memory') continue;
    const digits = spec.unit === 'ms' ? 3 : 0;
    const entry: Json = {};
    const ran = [...systems.keys()];
    if (spec.percentiles) {
      for (const system of ran) for (const key of ['p50', 'p99', 'max']) entry[`${system}_${key}`] = rounded(figure(outcomes, workload, system, key), 3);
    } else {
      for (const system of ran) entry[system] = rounded(figure(outcomes, workload, system), digits);
    }
    entry.unit = spec.unit;
    // A system stopped by the workload's time cap: its figure is null and it is named here.
    const capped = ran.filter((system) => systems.get(system)?.status === 'timed_out');
    if (capped.length > 0) entry.timed_out = capped;
    if (workload === 'relay') entry.factum_to_plain = rounded(ratio(figure(outcomes, workload, 'factum'), figure(outcomes, workload, 'plain')), 2);
    if (workload === 'catch-up') {
      for (const system of ran) {
        entry[`${system}_delivered`] = rounded(figure(outcomes, workload, system, 'delivered'), 0);
        entry[`${system}_missing`] = rounded(figure(outcomes, workload, system, 'missing'), 0);
        entry[`${system}_duplicates`] = rounded(figure(outcomes, workload, system, 'duplicates'), 0);
        entry[`${system}_stored`] = rounded(figure(outcomes, workload, system, 'stored'), 0);
      }
      entry.expected = rounded(
        ran.map((s) => figure(outcomes, workload, s, 'expected')).find((v) => v !== undefined),
        0,
      );
    }
    if (workload === 'many-subscribers')
      for (const key of ['one_p50', 'one_p99']) entry[`factum_${key}`] = rounded(figure(outcomes, workload, 'factum', key), 3);
    if (workload === 'scale-out')
      for (const key of ['p1', 'p2', 'p4', 'p1_unbounded', 'p2_unbounded', 'p4_unbounded']) entry[key] = rounded(figure(outcomes, workload, 'factum', key), 0);
    if (workload === 'projection-sql') {
      entry.emmett_projected = rounded(figure(outcomes, workload, 'emmett', 'projected'), 0);
      entry.expected = rounded(figure(outcomes, workload, 'emmett', 'expected') ?? spec.params(context.scale).events, 0);
    }
    workloads[workload] = entry;
  }
  const memory: Json = {};
  if (outcomes.has('catch-up')) {
    memory.catch_up_rss_mb = rounded(peakRss(outcomes, 'catch-up', 'factum'), 1);
    memory.emmett_catch_up_rss_mb = rounded(peakRss(outcomes, 'catch-up', 'emmett'), 1);
  }
  if (outcomes.has('memory')) {
    memory.read_1m_rss_mb = rounded(peakRss(outcomes, 'memory', 'factum'), 1);
    memory.read_1m_events_per_s = rounded(figure(outcomes, 'memory', 'factum', 'eventsPerSecond'), 0);
  }
  return {
    workloads,
    memory,
    targets: context.targets.map((t) => ({ workload: t.workload, target: t.text, pass: t.pass, measured: t.actual })),
    unavailable,
    timed_out: timedOut,
    notes,
    versions: context.versions,
    postgres: context.postgres,
    machine: context.machine,
    runs: context.runs,
    scale: context.scale,
    quick: context.quick,
  };
}
