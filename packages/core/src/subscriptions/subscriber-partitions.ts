import { MAX_PARTITIONS, partitionOf, type RecordedEvent } from '@factum/event-store';
import { ConfigurationError } from '../errors/configuration-error';
import type { SubscriberSpec } from './subscriber-spec';

/** Where the partition count of each partitioned subscriber is recorded (process-state records). */
export const SUBSCRIBER_PARTITIONS = '$partitions';

/** The name a partition's checkpoint, lease and dead letters are stored under. */
export function partitionName(subscriber: string, index: number): string {
  return `${subscriber}#${index}`;
}

/** The declared partition count of `className`, checked: an integer from 1 to `MAX_PARTITIONS`. */
export function checkPartitions(className: string, options: { partitions?: unknown; partitionBy?: unknown }): number {
  const { partitions = 1, partitionBy } = options;
  if (typeof partitions !== 'number' || !Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS) {
    throw new ConfigurationError(`${className} declares partitions: ${String(partitions)}; use a whole number from 1 to ${MAX_PARTITIONS}.`);
  }
  if (partitionBy !== undefined && typeof partitionBy !== 'function') {
    throw new ConfigurationError(`${className} declares partitionBy that is not a function; give (event) => a string key, e.g. (e) => e.streamId.`);
  }
  return partitions;
}

/**
 * Partition `index` of `count` of a subscriber: reads what the subscriber reads, handles the
 * events whose key falls in it, and keeps its own checkpoint and lease.
 */
export function partitionSpec(spec: SubscriberSpec, index: number, count: number): SubscriberSpec {
  const keyOf = (event: RecordedEvent): string => spec.partitionKey?.(event) ?? event.streamId;
  return {
    ...spec,
    name: partitionName(spec.name, index),
    partition: { subscriber: spec.name, index, count },
    accepts: (event) => partitionOf(keyOf(event), count) === index,
    ...(spec.partitionKey ? {} : { streamPartition: { index, count } }),
  };
}
