import { subscriberStoreConformance } from '@factum/event-store/conformance';
import { PostgresEventStore, PostgresSubscriberLocks, PostgresSubscriberStore, silentLogger } from '@factum/postgres';
import { backendTitle, closeSharedPglite, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';

afterAll(closeSharedPglite);

// A schema per case, migrated from scratch and dropped afterwards; every "process" of the locks
// cases gets a client of its own, as separate processes would.
function fixture(backend: () => TestBackend) {
  return async () => {
    const db = backend();
    const schema = uniqueSchema('subscribers');
    db.dropLater(schema);
    const client = db.client({ max: 4 });
    const store = new PostgresEventStore(client, { schema });
    await store.migrate();
    return {
      subscribers: new PostgresSubscriberStore(client, { schema }),
      openLocks: () => new PostgresSubscriberLocks(db.client({ max: 2 }), { schema, logger: silentLogger }),
      async close() {
        await store.close();
        await db.close();
      },
    };
  };
}

subscriberStoreConformance(
  `PostgresSubscriberStore and PostgresSubscriberLocks ${backendTitle}`,
  fixture(() => openTestBackend()),
);
subscriberStoreConformance(
  'PostgresSubscriberStore and PostgresSubscriberLocks on PGlite',
  fixture(() => openTestBackend('pglite')),
);
