import { checkIdentifier, checkSnapshot, type Snapshot, type SnapshotStore } from '@factum/event-store';
import type { SqlSource } from '../client/create-sql-client';
import type { SqlExecutor } from '../client/sql-client';
import { openStoreConnection, type StoreConnection } from '../client/store-connection';
import { guardSchema } from '../schema/guard-schema';
import { storeSchema, type StoreSchema } from '../schema/store-schema';
import { deleteSnapshotStatement, loadSnapshotStatement, saveSnapshotStatement } from '../sql/snapshot-statements';

export interface PostgresSnapshotStoreOptions {
  /** The Postgres schema of the store's tables. Default `'factum'`. */
  schema?: string;
}

/** The latest snapshot per stream, in the `snapshots` table, with the state's schema version. */
export class PostgresSnapshotStore implements SnapshotStore {
  readonly schema: StoreSchema;
  private readonly executor: SqlExecutor;
  private readonly connection: StoreConnection;

  constructor(source: SqlSource | SqlExecutor, options: PostgresSnapshotStoreOptions = {}) {
    this.schema = storeSchema(options.schema);
    this.connection = openStoreConnection(source);
    this.executor = this.connection.executor;
  }

  /** This store, running its statements through `executor` (an open transaction, a session). */
  using(executor: SqlExecutor): PostgresSnapshotStore {
    return new PostgresSnapshotStore(executor, { schema: this.schema.name });
  }

  async load(streamId: string): Promise<Snapshot | null> {
    const id = checkIdentifier(streamId, 'streamId');
    const { rows } = await guardSchema(this.schema, () =>
      this.executor.query<{ stream_id: string; version: string; schema_version: number; state: unknown; taken_at: Date }>(loadSnapshotStatement(this.schema), [
        id,
      ]),
    );
    const row = rows[0];
    return row ? { streamId: row.stream_id, version: Number(row.version), schemaVersion: row.schema_version, state: row.state, takenAt: row.taken_at } : null;
  }

  async save(snapshot: Snapshot): Promise<void> {
    const { streamId, version, schemaVersion, state, takenAt } = checkSnapshot(snapshot);
    await guardSchema(
      this.schema,
      () => this.executor.query(saveSnapshotStatement(this.schema), [streamId, version, schemaVersion, JSON.stringify(state), takenAt.toISOString()]),
      `saving the snapshot of stream '${streamId}'`,
      true,
    );
  }

  async delete(streamId: string): Promise<void> {
    const id = checkIdentifier(streamId, 'streamId');
    await guardSchema(this.schema, () => this.executor.query(deleteSnapshotStatement(this.schema), [id]), `deleting the snapshot of stream '${id}'`, true);
  }

  /** Closes the client when this store created it from a connection string or data directory. */
  async close(): Promise<void> {
    await this.connection.close();
  }
}
