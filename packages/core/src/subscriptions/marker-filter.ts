import type { EventStore, RecordedEvent, StartMarker } from '@factum/event-store';

/**
 * What a hot subscriber's own reads (`startedAt: marker`) would return, as a filter on events
 * read without the marker: `null` when the store cannot say (its marker has a `committed` part
 * and it lacks `excludedByMarker`), and the subscriber must read with its marker itself.
 */
export function markerFilter(store: EventStore, marker: StartMarker | undefined): ((event: RecordedEvent) => boolean) | null {
  if (!marker) return () => true;
  if (store.excludedByMarker) return (event) => !store.excludedByMarker!(event.position, marker);
  if (marker.committed !== undefined) return null;
  const position = marker.position;
  // Without a `committed` part the readable head is everything committed: the position says it all.
  return position === null ? () => true : (event) => store.comparePositions(event.position, position) > 0;
}
