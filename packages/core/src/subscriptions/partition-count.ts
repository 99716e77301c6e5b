import type { JsonValue, SubscriberStore } from '@factum/event-store';
import { SUBSCRIBER_PARTITIONS } from './subscriber-partitions';
import type { SubscriberSpec } from './subscriber-spec';
import { PartitionCountChangedError } from './subscription-errors';

/**
 * Refuses a subscriber whose partition count changed since its checkpoints were written. The
 * count of each partitioned subscriber is recorded at its first start; an unpartitioned one
 * that has a record, or a partitioned one that has an unpartitioned checkpoint, changed too.
 */
export async function checkPartitionCounts(specs: readonly SubscriberSpec[], storeOf: (spec: SubscriberSpec) => SubscriberStore): Promise<void> {
  const declared = new Map<string, { count: number; spec: SubscriberSpec }>();
  for (const spec of specs) declared.set(spec.partition?.subscriber ?? spec.name, { count: spec.partition?.count ?? 1, spec });
  for (const [name, { count, spec }] of declared) {
    const store = storeOf(spec);
    const record = await store.processStates.load(SUBSCRIBER_PARTITIONS, name);
    const recorded = (record?.state as { partitions?: unknown } | null | undefined)?.partitions;
    if (typeof recorded === 'number') {
      if (recorded !== count) throw new PartitionCountChangedError(name, recorded, count);
      continue;
    }
    if (count === 1) continue;
    if ((await store.checkpoints.get(name)) !== null) throw new PartitionCountChangedError(name, 1, count);
    await store.processStates.save({ processName: SUBSCRIBER_PARTITIONS, key: name, state: { partitions: count } as JsonValue, position: null });
  }
}
