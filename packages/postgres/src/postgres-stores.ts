import { PostgresCheckpointStore } from './checkpoints/postgres-checkpoint-store';
import { createSqlClient, type SqlSource } from './client/create-sql-client';
import { isSqlClient, type SqlClient } from './client/sql-client';
import { PostgresEventStore, type PostgresEventStoreOptions } from './events/postgres-event-store';
import type { MigrationResult } from './migrations/run-migrations';
import { PostgresSnapshotStore } from './snapshots/postgres-snapshot-store';

export interface PostgresStores {
  /** The one SQL client the three stores share (for transactions of your own). */
  client: SqlClient;
  events: PostgresEventStore;
  checkpoints: PostgresCheckpointStore;
  snapshots: PostgresSnapshotStore;
  migrate(): Promise<MigrationResult>;
  /** Closes the event store (subscriptions, LISTEN) and the client, if it was created here. */
  close(): Promise<void>;
}

/**
 * The event, checkpoint and snapshot stores on one database and schema, sharing one pool (or one
 * PGlite): `createPostgresStores(process.env.DATABASE_URL ?? { pglite: './data' })`.
 */
export function createPostgresStores(source: SqlSource, options: PostgresEventStoreOptions = {}): PostgresStores {
  const owned = !isSqlClient(source);
  const client = createSqlClient(source, options.logger);
  const events = new PostgresEventStore(client, options);
  const checkpoints = new PostgresCheckpointStore(client, { schema: options.schema });
  const snapshots = new PostgresSnapshotStore(client, { schema: options.schema });
  return {
    client,
    events,
    checkpoints,
    snapshots,
    migrate: () => events.migrate(),
    async close() {
      await events.close();
      if (owned) await client.close();
    },
  };
}
