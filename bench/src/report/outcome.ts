import { median } from '../harness/stats.js';
import type { Figures, SystemName, WorkloadName } from '../workloads/types.js';

/** Everything measured for one system in one workload, over all its runs. */
export interface SystemOutcome {
  system: SystemName;
  status: 'ok' | 'unavailable' | 'error' | 'timed_out';
  reason?: string;
  runs: Figures[];
  peakRssMb: number[];
  /** Median of each figure over the runs; correctness counts take the worst run instead. */
  figures: Figures;
  /** Said under the table, e.g. why fewer runs were made. */
  note?: string;
}

export type Outcomes = Map<WorkloadName, Map<SystemName, SystemOutcome>>;

/** Correctness counts are never averaged away: one bad run is the figure. */
const WORST_OF = new Set(['missing', 'duplicates']);

export function summarise(system: SystemName, runs: Figures[], peakRssMb: number[]): SystemOutcome {
  const keys = new Set(runs.flatMap((r) => Object.keys(r)));
  const figures: Figures = {};
  for (const key of keys) {
    const values = runs.map((r) => r[key]).filter((v): v is number => typeof v === 'number');
    figures[key] = WORST_OF.has(key) ? Math.max(...values) : median(values);
  }
  if (keys.has('delivered') && keys.has('expected')) {
    // Report the delivered count of the run farthest from what was expected.
    const worst = [...runs].sort((a, b) => Math.abs(b.delivered! - b.expected!) - Math.abs(a.delivered! - a.expected!))[0]!;
    figures.delivered = worst.delivered!;
  }
  return { system, status: 'ok', runs, peakRssMb, figures };
}
