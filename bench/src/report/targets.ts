import type { Outcomes } from './outcome.js';
import type { SystemName, WorkloadName } from '../workloads/types.js';

/** A target from the project's benchmark issue, checked against this run's figures. */
export interface TargetCheck {
  workload: WorkloadName;
  text: string;
  /** null: a figure it needs was not measured. */
  pass: boolean | null;
  actual: string;
}

export function figure(outcomes: Outcomes, workload: WorkloadName, system: SystemName, key = 'value'): number | undefined {
  const outcome = outcomes.get(workload)?.get(system);
  if (!outcome || outcome.status !== 'ok') return undefined;
  const value = outcome.figures[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function peakRss(outcomes: Outcomes, workload: WorkloadName, system: SystemName): number | undefined {
  const outcome = outcomes.get(workload)?.get(system);
  if (!outcome || outcome.status !== 'ok' || outcome.peakRssMb.length === 0) return undefined;
  return Math.max(...outcome.peakRssMb);
}

export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

/** Two decimals, or three where two would round a miss onto its threshold (1.996 is not 2.00). */
const fmtRatio = (r: number | undefined, threshold?: number): string => {
  if (r === undefined) return 'n/a';
  const two = r.toFixed(2);
  return threshold !== undefined && Number(two) === threshold && r !== threshold ? `${r.toFixed(3)}×` : `${two}×`;
};
const fmt = (v: number | undefined, unit: string): string => (v === undefined ? 'n/a' : `${Math.round(v * 100) / 100} ${unit}`);

export function evaluateTargets(outcomes: Outcomes): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const has = (w: WorkloadName): boolean => outcomes.has(w);
  const atLeast = (workload: WorkloadName, text: string, value: number | undefined, min: number, shown: string): void => {
    checks.push({ workload, text, pass: value === undefined ? null : value >= min, actual: shown });
  };
  const atMost = (workload: WorkloadName, text: string, value: number | undefined, max: number, shown: string): void => {
    checks.push({ workload, text, pass: value === undefined ? null : value <= max, actual: shown });
  };

  for (const [w, peerMin, floorMin] of [
    ['append-single', 2, 0.75],
    ['append-batch', 2, 0.6],
  ] as const) {
    if (!has(w)) continue;
    const toPeer = ratio(figure(outcomes, w, 'factum'), figure(outcomes, w, 'emmett'));
    const toFloor = ratio(figure(outcomes, w, 'factum'), figure(outcomes, w, 'floor'));
    atLeast(w, `≥ ${peerMin}× Emmett`, toPeer, peerMin, fmtRatio(toPeer, peerMin));
    atLeast(w, `≥ ${floorMin}× the floor`, toFloor, floorMin, fmtRatio(toFloor, floorMin));
  }
  if (has('projection-sql')) {
    const toPeer = ratio(figure(outcomes, 'projection-sql', 'factum'), figure(outcomes, 'projection-sql', 'emmett'));
    const toFloor = ratio(figure(outcomes, 'projection-sql', 'factum'), figure(outcomes, 'projection-sql', 'floor'));
    atLeast('projection-sql', '≥ 3× Emmett', toPeer, 3, fmtRatio(toPeer, 3));
    atLeast('projection-sql', '≥ 0.5× the floor', toFloor, 0.5, fmtRatio(toFloor, 0.5));
  }
  if (has('read-stream')) {
    const r = ratio(figure(outcomes, 'read-stream', 'factum'), figure(outcomes, 'read-stream', 'floor'));
    atMost('read-stream', "≤ 1.5× the floor's time", r, 1.5, fmtRatio(r, 1.5));
  }
  if (has('catch-up')) {
    const rate = figure(outcomes, 'catch-up', 'factum');
    atLeast('catch-up', '≥ 50,000 events/s', rate, 50_000, rate === undefined ? 'n/a' : `${Math.round(rate).toLocaleString('en-US')} events/s`);
    const delivered = figure(outcomes, 'catch-up', 'factum', 'delivered');
    const expected = figure(outcomes, 'catch-up', 'factum', 'expected');
    const missing = figure(outcomes, 'catch-up', 'factum', 'missing');
    const duplicates = figure(outcomes, 'catch-up', 'factum', 'duplicates');
    const exact = delivered === undefined ? undefined : delivered === expected && missing === 0 && duplicates === 0 ? 1 : 0;
    atLeast(
      'catch-up',
      'exactly every event delivered once',
      exact,
      1,
      delivered === undefined ? 'n/a' : `${delivered} of ${expected} (missing ${missing}, duplicated ${duplicates})`,
    );
    const rss = peakRss(outcomes, 'catch-up', 'factum');
    atMost('catch-up', 'peak RSS during catch-up ≤ 200 MB', rss, 200, fmt(rss, 'MB'));
  }
  // With a neighbour idle in transaction in another database, live delivery must stay as live:
  // Factum's readers wait only for its own appenders.
  for (const w of ['latency', 'latency-neighbour'] as const) {
    if (!has(w)) continue;
    const p99 = figure(outcomes, w, 'factum', 'p99');
    atMost(w, 'p99 ≤ 20 ms', p99, 20, fmt(p99, 'ms'));
  }
  if (has('command')) {
    const r = ratio(figure(outcomes, 'command', 'factum'), figure(outcomes, 'command', 'emmett'));
    atLeast('command', '≥ 2.5× Emmett', r, 2.5, fmtRatio(r, 2.5));
  }
  if (has('dispatch-memory')) {
    const r = ratio(figure(outcomes, 'dispatch-memory', 'factum'), figure(outcomes, 'dispatch-memory', 'nestjs'));
    // 0.35× is the target, 0.5× the aim.
    atLeast('dispatch-memory', '≥ 0.35× @nestjs/cqrs', r, 0.35, fmtRatio(r, 0.35));
  }
  if (has('scale-out')) {
    const r = ratio(figure(outcomes, 'scale-out', 'factum', 'p4'), figure(outcomes, 'scale-out', 'factum', 'p1'));
    atLeast('scale-out', '4 processes ≥ 3× 1 process', r, 3, fmtRatio(r, 3));
  }
  if (has('many-subscribers')) {
    const p99 = figure(outcomes, 'many-subscribers', 'factum', 'p99');
    atMost('many-subscribers', 'p99 ≤ 20 ms', p99, 20, fmt(p99, 'ms'));
  }
  if (has('memory')) {
    const rss = peakRss(outcomes, 'memory', 'factum');
    atMost('memory', 'peak RSS reading 1,000,000 events ≤ 250 MB', rss, 250, fmt(rss, 'MB'));
  }
  if (has('relay')) {
    const rate = figure(outcomes, 'relay', 'factum');
    atLeast('relay', '≥ 20,000 events/s', rate, 20_000, rate === undefined ? 'n/a' : `${Math.round(rate).toLocaleString('en-US')} events/s`);
    const stored = figure(outcomes, 'relay', 'factum', 'stored');
    const expected = figure(outcomes, 'relay', 'factum', 'expected');
    atLeast(
      'relay',
      'each event stored once in JetStream',
      stored === undefined ? undefined : stored === expected ? 1 : 0,
      1,
      `${stored ?? 'n/a'} of ${expected ?? 'n/a'}`,
    );
  }
  return checks;
}
