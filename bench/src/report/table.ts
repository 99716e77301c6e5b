import { workloadSpec } from '../workloads/catalog.js';
import type { SystemName, WorkloadName } from '../workloads/types.js';
import type { Outcomes } from './outcome.js';
import { figure, peakRss, ratio, type TargetCheck } from './targets.js';

const PEER_LABEL: Record<SystemName, string> = { factum: 'Factum', emmett: 'Emmett', nestjs: '@nestjs/cqrs', floor: 'raw pg', plain: 'plain JetStream' };

interface Row {
  label: string;
  unit: string;
  factum?: number;
  peer?: number;
  peerName?: string;
  peerSystem?: SystemName;
  floor?: number;
  delivered?: string;
  marks: Partial<Record<SystemName, string>>;
}

function fmtNumber(v: number | undefined, unit: string): string {
  if (v === undefined) return '';
  if (unit === 'ms' || unit === 'MB') return v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US');
  return Math.round(v).toLocaleString('en-US');
}

function cell(row: Row, system: SystemName, value: number | undefined): string {
  return row.marks[system] ?? fmtNumber(value, row.unit);
}

function buildRows(outcomes: Outcomes, footnotes: string[]): Row[] {
  const rows: Row[] = [];
  const marksFor = (w: WorkloadName): Partial<Record<SystemName, string>> => {
    const marks: Partial<Record<SystemName, string>> = {};
    for (const [system, outcome] of outcomes.get(w) ?? []) {
      if (outcome.status === 'ok') {
        if (outcome.note) footnotes.push(`${w} / ${PEER_LABEL[system]}: ${outcome.note}`);
        continue;
      }
      const what = { unavailable: 'not available', error: 'failed', timed_out: 'timed out' }[outcome.status];
      footnotes.push(`${w} / ${PEER_LABEL[system]}: ${what} — ${outcome.reason}`);
      const mark = { unavailable: 'n/a', error: 'error', timed_out: 'timed out' }[outcome.status];
      marks[system] = `${mark} [${footnotes.length}]`;
    }
    return marks;
  };
  for (const [workload] of outcomes) {
    const spec = workloadSpec(workload);
    const marks = marksFor(workload);
    const peerName = (['nestjs', 'emmett', 'plain'] as const).find((system) => spec.systems.includes(system));
    const base = (label: string, unit: string, key: string): Row => ({
      label,
      unit,
      marks,
      factum: figure(outcomes, workload, 'factum', key),
      ...(peerName ? { peer: figure(outcomes, workload, peerName, key), peerName: PEER_LABEL[peerName], peerSystem: peerName } : {}),
      floor: spec.systems.includes('floor') ? figure(outcomes, workload, 'floor', key) : undefined,
    });
    if (spec.percentiles) {
      for (const key of ['p50', 'p99', 'max']) rows.push(base(`${workload} ${key}`, 'ms', key));
      continue;
    }
    switch (workload) {
      case 'catch-up': {
        const row = base('catch-up', spec.unit, 'value');
        const d = (s: SystemName): string => {
          const delivered = figure(outcomes, workload, s, 'delivered');
          if (delivered === undefined) return '–';
          const dup = figure(outcomes, workload, s, 'duplicates') ?? 0;
          const miss = figure(outcomes, workload, s, 'missing') ?? 0;
          return `${delivered.toLocaleString('en-US')}${miss || dup ? ` (${miss} lost, ${dup} dup)` : ''}`;
        };
        const expected =
          figure(outcomes, workload, 'factum', 'expected') ??
          figure(outcomes, workload, 'floor', 'expected') ??
          figure(outcomes, workload, 'emmett', 'expected');
        row.delivered = `F ${d('factum')} · E ${d('emmett')} · floor ${d('floor')} of ${expected?.toLocaleString('en-US') ?? '?'}`;
        rows.push(row);
        const rssRow: Row = {
          label: 'catch-up peak RSS',
          unit: 'MB',
          marks,
          factum: peakRss(outcomes, workload, 'factum'),
          peer: peakRss(outcomes, workload, 'emmett'),
          peerName: 'Emmett',
          floor: peakRss(outcomes, workload, 'floor'),
        };
        rows.push(rssRow);
        break;
      }
      case 'projection-sql': {
        // Emmett's rebuild runs on a time budget: say how much of the log its figure covers.
        const row = base(workload, spec.unit, 'value');
        const projected = figure(outcomes, workload, 'emmett', 'projected');
        const expected = figure(outcomes, workload, 'emmett', 'expected');
        if (projected !== undefined && expected !== undefined)
          row.delivered = `E projected ${projected.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')}`;
        rows.push(row);
        break;
      }
      case 'memory':
        rows.push({ label: 'read 1M-event stream peak RSS', unit: 'MB', marks, factum: peakRss(outcomes, workload, 'factum') });
        rows.push({ ...base('read 1M-event stream', 'events/s', 'eventsPerSecond') });
        break;
      default:
        rows.push(base(workload, spec.unit, 'value'));
    }
  }
  return rows;
}

/** The readable result: a Markdown table (pasteable into docs/performance.md), targets, footnotes. */
export function renderTable(outcomes: Outcomes, targets: TargetCheck[]): string {
  const footnotes: string[] = [];
  const rows = buildRows(outcomes, footnotes);
  const header = ['workload', 'unit', 'Factum', 'peer', 'peer figure', 'raw pg floor', 'Factum/peer', 'Factum/floor', 'delivered'];
  const lines = rows.map((row) => {
    const r1 = ratio(row.factum, row.peer);
    const r2 = ratio(row.factum, row.floor);
    return [
      row.label,
      row.unit,
      cell(row, 'factum', row.factum),
      row.peerName ?? '',
      row.peerName ? cell(row, row.peerSystem ?? (row.peerName === 'Emmett' ? 'emmett' : 'nestjs'), row.peer) : '',
      cell(row, 'floor', row.floor),
      r1 === undefined ? '' : `${r1.toFixed(2)}×`,
      r2 === undefined ? '' : `${r2.toFixed(2)}×`,
      row.delivered ?? '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const numeric = new Set([2, 4, 5, 6, 7]);
  const fmtLine = (cells: string[]): string => `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const out = [fmtLine(header), `|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`, ...lines.map(fmtLine)];
  if (targets.length > 0) {
    out.push('', 'Targets:');
    for (const t of targets) out.push(`  ${t.pass === null ? '–' : t.pass ? '✓' : '✗'} ${t.workload}: ${t.text} (measured ${t.actual})`);
  }
  if (footnotes.length > 0) {
    out.push('');
    footnotes.forEach((f, i) => out.push(`  [${i + 1}] ${f}`));
  }
  return out.join('\n');
}
