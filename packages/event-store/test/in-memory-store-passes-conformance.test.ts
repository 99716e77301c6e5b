import { InMemoryCheckpointStore, InMemoryEventStore, InMemorySnapshotStore } from '@factum/event-store';
import { eventStoreConformance } from '@factum/event-store/conformance';

eventStoreConformance('InMemoryEventStore', () => ({
  store: new InMemoryEventStore(),
  checkpoints: new InMemoryCheckpointStore(),
  snapshots: new InMemorySnapshotStore(),
}));
