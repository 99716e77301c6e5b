import type { ConsoleSubscriberStatus } from '../console-options';

/** A partitioned subscriber as a whole, with its partitions' rows in index order. */
export interface PartitionGroup {
  subscriber: string;
  kind: string;
  /** The declared partition count (from the status), or the number of partitions seen. */
  count: number;
  partitions: ConsoleSubscriberStatus[];
  /** Partitions per owning process, busiest first; empty when nothing reports owners (stored checkpoints). */
  owners: Array<{ process: string; partitions: number }>;
  /** Partitions whose owner is not known while others' are. */
  unowned: number;
  /** The largest lag among the partitions; `null` when none could be counted. */
  maxLag: number | null;
  /** How many partitions are in each state, most first. */
  states: Array<{ state: string; partitions: number }>;
  /** Events handled per second by all partitions together; `null` when none reports it. */
  eventsPerSecond: number | null;
}

export type SubscriberEntry = { status: ConsoleSubscriberStatus } | { group: PartitionGroup };

/** Which partition a status is: its `partition` field, or for stored checkpoints its name (`<subscriber>#<index>`). */
function partitionOf(status: ConsoleSubscriberStatus): { subscriber: string; index: number; count: number | null } | null {
  if (status.partition) return status.partition;
  const match = /^(.+)#(\d+)$/.exec(status.name);
  return match ? { subscriber: match[1]!, index: Number(match[2]), count: null } : null;
}

function ownerOf(status: ConsoleSubscriberStatus): string | null | undefined {
  if (status.owner) return status.owner.process;
  if (status.active === undefined) return undefined;
  return status.active ? 'this process' : null;
}

function counted(values: Iterable<string>): Array<{ key: string; n: number }> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([key, n]) => ({ key, n })).sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function summarize(subscriber: string, partitions: ConsoleSubscriberStatus[], declared: number | null): PartitionGroup {
  const owners = partitions.map(ownerOf);
  const reported = owners.filter((owner): owner is string => typeof owner === 'string');
  const lags = partitions.map((partition) => partition.lag).filter((lag): lag is number => lag !== null);
  const rates = partitions.map((partition) => partition.eventsPerSecond).filter((rate): rate is number => typeof rate === 'number');
  return {
    subscriber,
    kind: partitions[0]!.kind,
    count: declared ?? partitions.length,
    partitions,
    owners: counted(reported).map(({ key, n }) => ({ process: key, partitions: n })),
    unowned: reported.length === 0 && owners.every((owner) => owner === undefined) ? 0 : owners.length - reported.length,
    maxLag: lags.length === 0 ? null : Math.max(...lags),
    states: counted(partitions.map((partition) => partition.state)).map(({ key, n }) => ({ state: key, partitions: n })),
    eventsPerSecond: rates.length === 0 ? null : rates.reduce((sum, rate) => sum + rate, 0),
  };
}

/**
 * The page's rows: unpartitioned subscribers as they come, and the partitions of each partitioned
 * subscriber gathered into one group, placed where its first partition came.
 */
export function groupSubscribers(statuses: readonly ConsoleSubscriberStatus[]): SubscriberEntry[] {
  const entries: Array<{ status: ConsoleSubscriberStatus } | { subscriber: string }> = [];
  const groups = new Map<string, { partitions: Array<{ index: number; status: ConsoleSubscriberStatus }>; declared: number | null }>();
  for (const status of statuses) {
    const partition = partitionOf(status);
    if (!partition) {
      entries.push({ status });
      continue;
    }
    let group = groups.get(partition.subscriber);
    if (!group) {
      group = { partitions: [], declared: partition.count };
      groups.set(partition.subscriber, group);
      entries.push({ subscriber: partition.subscriber });
    }
    group.partitions.push({ index: partition.index, status });
  }
  return entries.map((entry) => {
    if ('status' in entry) return entry;
    const { partitions, declared } = groups.get(entry.subscriber)!;
    const ordered = partitions.sort((a, b) => a.index - b.index).map(({ status }) => status);
    return { group: summarize(entry.subscriber, ordered, declared) };
  });
}
