import { eventStoreConformance, InMemoryCheckpointStore, InMemoryEventStore, InMemorySnapshotStore } from '@factum/event-store';

eventStoreConformance('InMemoryEventStore', () => ({
  store: new InMemoryEventStore(),
  checkpoints: new InMemoryCheckpointStore(),
  snapshots: new InMemorySnapshotStore(),
}));
