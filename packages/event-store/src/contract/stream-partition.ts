/** The most partitions a partitioned subscriber, or a read of one partition, may have. */
export const MAX_PARTITIONS = 1_024;

/** One partition of the streams: those whose `partitionOf(streamId, count)` is `index`. */
export interface StreamPartition {
  /** From 0 to `count - 1`. */
  index: number;
  /** From 1 to `MAX_PARTITIONS`. */
  count: number;
}

/**
 * FNV-1a (32 bit) of a key's UTF-16 code units, as an unsigned integer: what `partitionOf` takes
 * modulo the count. A store that filters reads by partition may store it with each event.
 */
export function partitionHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The partition of a key among `count`: `partitionHash(key) % count`. Stable across processes,
 * platforms and releases: changing it would move keys between partitions.
 */
export function partitionOf(key: string, count: number): number {
  return partitionHash(key) % count;
}
