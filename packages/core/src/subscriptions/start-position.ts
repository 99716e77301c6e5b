import {
  isStartMarker,
  startMarkerOf,
  type EventStore,
  type GlobalPosition,
  type JsonValue,
  type ProcessInstance,
  type StartMarker,
  type SubscriberLocks,
  type SubscriberStore,
} from '@factum/event-store';
import type { SubscriberSpec } from './subscriber-spec';

/** Where head-started subscribers record their first start (see `resolveStart`). */
export const SUBSCRIBER_MARKERS = '$subscribers';

export interface StartPoint {
  /** Reading starts after this position (`null`: from the origin). */
  position: GlobalPosition | null;
  /** The checkpoint as stored (`null`: none yet), which the first fenced write expects to replace. */
  stored: GlobalPosition | null;
  /** A hot-only subscriber's start marker: what had committed before its first start. */
  startedAt: StartMarker | undefined;
}

/**
 * Where reading starts: after the stored checkpoint; without one, per `startFrom`. A hot-only
 * subscriber records a start marker at its first start, with its first checkpoint, and reads
 * with it ever after (restarts and other processes included): the marker, not only a
 * position, says which events had committed before it started, so none of them is handled
 * even when an older append was still open then.
 */
export async function resolveStart(spec: SubscriberSpec, store: EventStore, subscriberStore: SubscriberStore): Promise<StartPoint> {
  const name = spec.name;
  // The partitions of a subscriber share one marker: together they handle exactly what came after it.
  const markerKey = spec.partition?.subscriber ?? name;
  const stored = await subscriberStore.checkpoints.get(name);
  const from = spec.startFrom;
  if (from !== 'head') return { position: stored ?? (from === 'origin' ? null : from), stored, startedAt: undefined };
  const record = await subscriberStore.processStates.load(SUBSCRIBER_MARKERS, markerKey);
  if (record) {
    const marker = (record.state as { marker?: unknown } | null)?.marker;
    // Markers written before markers existed hold only a start time: their position is all there is.
    const startedAt = isStartMarker(marker) ? marker : undefined;
    return { position: stored ?? startedAt?.position ?? null, stored, startedAt };
  }
  if (stored !== null) return { position: stored, stored, startedAt: undefined };
  const marker = await startMarkerOf(store);
  await subscriberStore.transaction(async (session) => {
    if (marker.position !== null) await session.checkpoints.set(name, marker.position, { expected: null });
    const state = { startedAt: new Date().toISOString(), marker: { ...marker } } as unknown as JsonValue;
    await session.processStates.save({ processName: SUBSCRIBER_MARKERS, key: markerKey, state, position: marker.position });
  });
  return { position: marker.position, stored: marker.position, startedAt: marker };
}

/** How often a process waits for another that is recording a start marker. */
const MARKER_WAIT_MS = 25;

/**
 * Records the shared start marker of a hot-only partitioned subscriber before its partitions
 * start, so that they all start from the same one (each would otherwise take its own, a moment
 * apart). Insert-if-absent: processes starting at once take turns under the marker's lease, each
 * looking for a marker before it writes one, so the first marker written is the only one; the
 * partitions read it back when they start. Returns the marker recorded.
 */
export async function recordSharedStartMarker(
  subscriber: string,
  store: EventStore,
  subscriberStore: SubscriberStore,
  locks: SubscriberLocks,
): Promise<ProcessInstance> {
  for (;;) {
    const recorded = await subscriberStore.processStates.load(SUBSCRIBER_MARKERS, subscriber);
    if (recorded) return recorded;
    const lease = await locks.tryAcquire(`${SUBSCRIBER_MARKERS}#${subscriber}`);
    if (!lease) {
      // Another process is recording it: its marker is read back at the next look.
      await new Promise((resolve) => setTimeout(resolve, MARKER_WAIT_MS));
      continue;
    }
    try {
      const winner = await subscriberStore.processStates.load(SUBSCRIBER_MARKERS, subscriber);
      if (winner) return winner;
      const marker = await startMarkerOf(store);
      const state = { startedAt: new Date().toISOString(), marker: { ...marker } } as unknown as JsonValue;
      await subscriberStore.processStates.save({ processName: SUBSCRIBER_MARKERS, key: subscriber, state, position: marker.position });
    } finally {
      await lease.release().catch(() => undefined);
    }
  }
}
