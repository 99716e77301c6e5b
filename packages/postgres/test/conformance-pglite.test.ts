import { eventStoreConformance } from '@factum/event-store/conformance';
import { PostgresCheckpointStore, PostgresEventStore, PostgresSnapshotStore } from '@factum/postgres';
import { closeSharedPglite, openTestBackend, uniqueSchema } from './support/test-database';

afterAll(closeSharedPglite);

// The embedded default: the same SQL on PGlite, one database for the file, a schema per case.
eventStoreConformance('PostgresEventStore on PGlite', async () => {
  const backend = openTestBackend('pglite');
  const schema = uniqueSchema('conformance');
  backend.dropLater(schema);
  const client = backend.client();
  const store = new PostgresEventStore(client, { schema, pollIntervalMs: 200 });
  await store.migrate();
  return {
    store,
    checkpoints: new PostgresCheckpointStore(client, { schema }),
    snapshots: new PostgresSnapshotStore(client, { schema }),
    async close() {
      await store.close();
      await backend.close();
    },
  };
});
