// Compiled by `npm run typecheck` and run by packages/event-store/test/docs-custom-store-passes-conformance.test.ts.
import { InMemoryEventStore } from '@factum/event-store';
import { eventStoreConformance } from '@factum/event-store/conformance';
import { CountingEventStore } from './custom-store-counting';

// Call this at the top level of a Jest test file: each conformance case becomes an `it`.
export function countingStoreConformance(): void {
  eventStoreConformance(
    'CountingEventStore',
    // A fresh, empty store for every case: the cases assert on the whole global log.
    () => ({ store: new CountingEventStore(new InMemoryEventStore()) }),
    // This package provides only an EventStore, without the optional reads (listStreams,
    // readCorrelated, readCausationChain): leave out the companion stores' and those topics.
    { skip: ['checkpoints', 'snapshots', 'stream-listing', 'causation'] },
  );
}
