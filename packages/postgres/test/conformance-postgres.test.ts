import { eventStoreConformance } from '@factum/event-store/conformance';
import { PostgresCheckpointStore, PostgresEventStore, PostgresSnapshotStore } from '@factum/postgres';
import { withSettledReads } from './support/settle';
import { backendTitle, closeSharedPglite, onServer, openTestBackend, uniqueSchema } from './support/test-database';

afterAll(closeSharedPglite);

// Every case gets a schema of its own, migrated from scratch, dropped afterwards. On a server
// shared with other test files, reads of the global log first wait for transactions that other
// files hold open (they delay the log, by design; see support/settle.ts).
eventStoreConformance(
  `PostgresEventStore ${backendTitle}`,
  async () => {
    const backend = openTestBackend();
    const schema = uniqueSchema('conformance');
    backend.dropLater(schema);
    const client = backend.client({ max: 12 });
    const store = new PostgresEventStore(client, { schema, pollIntervalMs: 200 });
    await store.migrate();
    return {
      store: onServer ? withSettledReads(store) : store,
      checkpoints: new PostgresCheckpointStore(client, { schema }),
      snapshots: new PostgresSnapshotStore(client, { schema }),
      async close() {
        await store.close();
        await backend.close();
      },
    };
  },
  { waitTimeoutMs: 20_000 },
);
