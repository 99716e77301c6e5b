// Compiled by `npm run typecheck`: the conformance example of docs/event-store.md.
import { InMemoryCheckpointStore, InMemoryEventStore, InMemorySnapshotStore } from '@factum/event-store';
import { conformanceCases, eventStoreConformance, runConformanceCase } from '@factum/event-store/conformance';

// In a Jest test file of your store's package (here with the in-memory store as a stand-in):
export function registerSuite(): void {
  eventStoreConformance(
    'InMemoryEventStore',
    async () => ({
      store: new InMemoryEventStore(),
      checkpoints: new InMemoryCheckpointStore(),
      snapshots: new InMemorySnapshotStore(),
      // close: async () => { await store.close(); await dropSchema(); },
    }),
    { waitTimeoutMs: 5_000, propertyRuns: 20 },
  );
}

// Any other runner: the cases are plain async checks that throw when a promise is broken.
export async function runEverywhere(): Promise<string[]> {
  const failed: string[] = [];
  for (const testCase of conformanceCases().filter((candidate) => candidate.requires === undefined)) {
    try {
      await runConformanceCase(testCase, () => ({ store: new InMemoryEventStore() }));
    } catch {
      failed.push(testCase.id);
    }
  }
  return failed;
}
