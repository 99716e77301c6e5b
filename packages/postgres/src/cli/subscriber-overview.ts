import type { HandlingTimings, SubscriberReport } from '@factum/event-store';
import type { PostgresEventStore } from '../events/postgres-event-store';
import type { PostgresSubscriberStore } from '../subscriptions/postgres-subscriber-store';
import { STATUS_COUNT_CAP } from '../status/store-status';
import { partitionOf } from './partition-summary';

/** A report older than this means its process stopped reporting: it has likely died or stopped the app. */
export const STALE_REPORT_MS = 10_000;

/** One subscriber as the CLI sees it, from the store alone: its checkpoint, dead letters and the last report of the process that runs it. */
export interface SubscriberOverview {
  name: string;
  /** For a partition of a partitioned subscriber (`<subscriber>#<index>`): which one. */
  partition: { subscriber: string; index: number } | null;
  kind: string | null;
  /** The state its process last reported; `unknown` when none did, or the report is stale. */
  state: string;
  position: string | null;
  /** Events it reads after its position (its type filter; every event when no process reported the filter). */
  lag: number | null;
  lagCapped: boolean;
  /** How long the oldest of them has waited, in seconds. */
  lagSeconds: number | null;
  /** Whether `lag` counts only the event types it reads. */
  lagFiltered: boolean;
  eventsPerSecond: number | null;
  /** Receive and process time percentiles (ms) over its latest events, as its owner last reported them. */
  timings: HandlingTimings | null;
  owner: string | null;
  reportedAt: Date | null;
  /** The owner has not reported for `STALE_REPORT_MS`. */
  stale: boolean;
  lastError: { code: string | null; message: string } | null;
  deadLetters: number;
}

/** Every subscriber the store knows of (by checkpoint, report or dead letter), in name order. */
export async function subscriberOverview(
  store: PostgresEventStore,
  subscribers: PostgresSubscriberStore,
  now = new Date(),
  /** Lag is counted up to this many events, in the query: a huge backlog costs what the cap costs. */
  cap = STATUS_COUNT_CAP,
): Promise<SubscriberOverview[]> {
  const [checkpoints, reports, letters] = await Promise.all([subscribers.checkpoints.list(), subscribers.operations.reports(), subscribers.deadLetters.list()]);
  const byReport = new Map<string, SubscriberReport>(reports.map((report) => [report.subscriber, report]));
  const positions = new Map(checkpoints.map((checkpoint) => [checkpoint.name, checkpoint.position]));
  const names = new Set([...positions.keys(), ...byReport.keys(), ...letters.map((letter) => letter.subscriber)]);
  const overview: SubscriberOverview[] = [];
  for (const name of [...names].filter((candidate) => !candidate.startsWith('$')).sort(byNameThenPartition)) {
    const report = byReport.get(name);
    const position = positions.get(name) ?? null;
    const stale = report ? now.getTime() - report.reportedAt.getTime() > STALE_REPORT_MS : true;
    const filter = report ? { types: report.eventTypes } : {};
    let lag: number | null = null;
    let lagSeconds: number | null = null;
    try {
      const counted = await store.countEvents({ after: position ?? undefined, filter, limit: cap });
      lag = counted;
      lagSeconds = 0;
      if (counted > 0) {
        for await (const oldest of store.readAll({ after: position ?? undefined, limit: 1, filter })) {
          lagSeconds = Math.round(Math.max(0, now.getTime() - oldest.occurredAt.getTime()) / 100) / 10;
        }
      }
    } catch {
      // A checkpoint of another store's format: the lag is unknown.
    }
    overview.push({
      name,
      partition: partitionOf(name),
      kind: report?.kind ?? null,
      state: report && !stale ? report.state : 'unknown',
      position,
      lag,
      lagCapped: lag !== null && lag >= cap,
      lagSeconds,
      lagFiltered: report !== undefined,
      eventsPerSecond: report ? report.eventsPerSecond : null,
      timings: report?.timings ?? null,
      owner: report?.owner ?? null,
      reportedAt: report?.reportedAt ?? null,
      stale,
      lastError: report?.lastError ?? null,
      deadLetters: letters.filter((letter) => letter.subscriber === name).length,
    });
  }
  return overview;
}

/** Names in code-point order, a subscriber's partitions by index (`ledger#2` before `ledger#10`). */
function byNameThenPartition(a: string, b: string): number {
  const [pa, pb] = [partitionOf(a), partitionOf(b)];
  const [ka, kb] = [pa?.subscriber ?? a, pb?.subscriber ?? b];
  if (ka !== kb) return ka < kb ? -1 : 1;
  return (pa?.index ?? -1) - (pb?.index ?? -1);
}
