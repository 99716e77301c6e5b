import type { WorkloadSpec } from './catalog.js';

const scaled = (n: number, scale: number, min = 1): number => Math.max(min, Math.round(n * scale));

/** The scale-out workloads (docs/scaling.md): partitions across processes, and many live subscribers. */
export const SCALE_OUT_WORKLOADS: readonly WorkloadSpec[] = [
  {
    name: 'scale-out',
    title:
      '20,000 events through an 8-partition projector awaiting 2 ms of I/O per event through a per-process client of 2 connections, in 1, 2 and 4 processes (and unbounded: p*_unbounded)',
    unit: 'events/s',
    higherIsBetter: true,
    systems: ['factum'],
    postgres: true,
    shared: true,
    fixedRuns: 1,
    // Six runs (1, 2 and 4 processes, bounded and unbounded); the bounded p1 alone takes 20 s at best.
    timeCapS: 480,
    params: (s) => ({ events: scaled(20_000, s, 400), streams: 200, partitions: 8, ioMs: 2, ioConnections: 2 }),
  },
  {
    name: 'many-subscribers',
    title: '20 live projectors of one app: 500 single appends at ~100/s, append → handled by all 20 (and by the same app with 1: one_p50/one_p99)',
    unit: 'ms',
    higherIsBetter: false,
    systems: ['factum'],
    postgres: true,
    shared: false,
    fixedRuns: 1,
    percentiles: true,
    params: (s) => ({ appends: scaled(500, s, 50), ratePerSecond: 100, subscribers: 20 }),
  },
];
