import type { SubscriberOverview } from './subscriber-overview';

/** A partitioned subscriber as a whole: how its partitions are spread over processes, and the largest lag among them. */
export interface PartitionedSubscriberSummary {
  subscriber: string;
  partitions: number;
  /** Partitions per owning process, as the owners last reported (an owner that stopped reporting counts in `unowned`). */
  owners: Record<string, number>;
  /** Partitions no process has reported, or whose owner stopped reporting. */
  unowned: number;
  /** The largest lag of its partitions; `null` when none could be counted. */
  maxLag: number | null;
  maxLagCapped: boolean;
}

/** Which partition `name` is (`<subscriber>#<index>`), or `null` for an unpartitioned subscriber. */
export function partitionOf(name: string): { subscriber: string; index: number } | null {
  const match = /^(.+)#(\d+)$/.exec(name);
  return match ? { subscriber: match[1]!, index: Number(match[2]) } : null;
}

/** One summary per partitioned subscriber, in name order. */
export function summarizePartitions(subscribers: readonly SubscriberOverview[]): PartitionedSubscriberSummary[] {
  const groups = new Map<string, SubscriberOverview[]>();
  for (const subscriber of subscribers) {
    const partition = partitionOf(subscriber.name);
    if (partition) groups.set(partition.subscriber, [...(groups.get(partition.subscriber) ?? []), subscriber]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([subscriber, partitions]) => {
      const owners: Record<string, number> = {};
      let unowned = 0;
      for (const partition of partitions) {
        if (partition.owner === null || partition.stale) unowned++;
        else owners[partition.owner] = (owners[partition.owner] ?? 0) + 1;
      }
      const lags = partitions.filter((partition) => partition.lag !== null);
      const maxLag = lags.length === 0 ? null : Math.max(...lags.map((partition) => partition.lag!));
      return {
        subscriber,
        partitions: partitions.length,
        owners,
        unowned,
        maxLag,
        maxLagCapped: lags.some((partition) => partition.lagCapped && partition.lag === maxLag),
      };
    });
}
