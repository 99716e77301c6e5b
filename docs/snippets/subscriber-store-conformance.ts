// Compiled by `npm run typecheck` and run by packages/event-store/test/docs-subscriber-store-conformance-runs.test.ts.
import { InMemorySubscriberLocks, InMemorySubscriberStore } from '@factum/event-store';
import { subscriberStoreConformance } from '@factum/event-store/conformance';

// Call this at the top level of a Jest test file, with your own SubscriberStore and SubscriberLocks.
export function mySubscriberStoreConformance(): void {
  subscriberStoreConformance('my subscriber store', () => {
    // Every call of openLocks stands for another process on the same database; here the
    // in-memory locks are the database, so every "process" shares one instance.
    const locks = new InMemorySubscriberLocks();
    return {
      // A fresh, empty store for every case.
      subscribers: new InMemorySubscriberStore(),
      openLocks: () => locks,
      // Tear down what the case used (end pools, drop the schema).
      close: async () => undefined,
    };
  });
}
