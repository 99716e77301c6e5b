import type { GlobalPosition, JsonValue, SubscriberStore } from '@factum/event-store';

/**
 * Where a rebuild of a partitioned projector keeps, across processes, how far it got
 * (process-state records, so that any process may take over any part of it):
 * - `<subscriber>#<index>` → `{ rebuild }`: that partition has stopped handling and deleted its
 *   checkpoint for the rebuild (it has *arrived*); it handles nothing until the reset.
 * - `<subscriber>` → `{ rebuild, target }`: the read model was reset (written in the reset's unit
 *   of work); the partitions replay, up to the log's head as of then (`target`).
 * `rebuild` is the id of the operation request, so records of an earlier rebuild never count.
 */
export const PARTITIONED_REBUILDS = '$rebuilds';

export interface RebuildReset {
  rebuild: string;
  target: GlobalPosition | null;
}

/** The reset of rebuild `rebuild` of `subscriber`, once it is done. */
export async function resetOf(store: Pick<SubscriberStore, 'processStates'>, subscriber: string, rebuild: string): Promise<RebuildReset | null> {
  const record = await store.processStates.load(PARTITIONED_REBUILDS, subscriber);
  const state = record?.state as { rebuild?: unknown; target?: unknown } | null | undefined;
  if (!state || state.rebuild !== rebuild) return null;
  return { rebuild, target: (state.target ?? null) as GlobalPosition | null };
}

export async function hasArrived(store: Pick<SubscriberStore, 'processStates'>, partition: string, rebuild: string): Promise<boolean> {
  const record = await store.processStates.load(PARTITIONED_REBUILDS, partition);
  return (record?.state as { rebuild?: unknown } | null | undefined)?.rebuild === rebuild;
}

export function arrivalRecord(partition: string, rebuild: string) {
  return { processName: PARTITIONED_REBUILDS, key: partition, state: { rebuild } as JsonValue, position: null };
}

export function resetRecord(subscriber: string, reset: RebuildReset) {
  return { processName: PARTITIONED_REBUILDS, key: subscriber, state: { ...reset } as unknown as JsonValue, position: reset.target };
}
