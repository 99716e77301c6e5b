import {
  CheckpointConflictError,
  checkIdentifier,
  checkSetCheckpointOptions,
  type CheckpointRecord,
  type CheckpointStore,
  type GlobalPosition,
  type SetCheckpointOptions,
} from '@factum/event-store';
import type { SqlSource } from '../client/create-sql-client';
import type { SqlExecutor } from '../client/sql-client';
import { openStoreConnection, type StoreConnection } from '../client/store-connection';
import { guardSchema } from '../schema/guard-schema';
import { storeSchema, type StoreSchema } from '../schema/store-schema';
import {
  createCheckpointStatement,
  deleteCheckpointStatement,
  getCheckpointStatement,
  listCheckpointsStatement,
  moveCheckpointStatement,
  setCheckpointStatement,
} from '../sql/checkpoint-statements';

export interface PostgresCheckpointStoreOptions {
  /** The Postgres schema of the store's tables. Default `'factum'`. */
  schema?: string;
}

/**
 * Checkpoints in the `checkpoints` table, next to the events. `using(tx)` gives the same store
 * bound to an open transaction, so a subscriber's read-model writes and its checkpoint commit
 * together.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  readonly schema: StoreSchema;
  private readonly executor: SqlExecutor;
  private readonly connection: StoreConnection;

  constructor(source: SqlSource | SqlExecutor, options: PostgresCheckpointStoreOptions = {}) {
    this.schema = storeSchema(options.schema);
    this.connection = openStoreConnection(source);
    this.executor = this.connection.executor;
  }

  /** This store, running its statements through `executor` (an open transaction, a session). */
  using(executor: SqlExecutor): PostgresCheckpointStore {
    return new PostgresCheckpointStore(executor, { schema: this.schema.name });
  }

  async get(name: string): Promise<GlobalPosition | null> {
    checkIdentifier(name, 'checkpoint name');
    const { rows } = await this.run(() => this.executor.query<{ position: string }>(getCheckpointStatement(this.schema), [name]));
    return (rows[0]?.position as GlobalPosition | undefined) ?? null;
  }

  async set(name: string, position: GlobalPosition, options?: SetCheckpointOptions): Promise<void> {
    checkIdentifier(name, 'checkpoint name');
    checkIdentifier(position, 'checkpoint position');
    const { expected } = checkSetCheckpointOptions(options);
    if (expected === undefined) {
      await this.run(() => this.executor.query(setCheckpointStatement(this.schema), [name, position]), `setting checkpoint '${name}'`);
      return;
    }
    const { rowCount } = await this.run(
      () =>
        expected === null
          ? this.executor.query(createCheckpointStatement(this.schema), [name, position])
          : this.executor.query(moveCheckpointStatement(this.schema), [name, position, expected]),
      `setting checkpoint '${name}'`,
    );
    if (rowCount === 0) throw new CheckpointConflictError(name, expected, await this.get(name));
  }

  async delete(name: string): Promise<void> {
    checkIdentifier(name, 'checkpoint name');
    await this.run(() => this.executor.query(deleteCheckpointStatement(this.schema), [name]), `deleting checkpoint '${name}'`);
  }

  async list(): Promise<CheckpointRecord[]> {
    const { rows } = await this.run(() => this.executor.query<{ name: string; position: string; updated_at: Date }>(listCheckpointsStatement(this.schema)));
    return rows
      .map((row) => ({ name: row.name, position: row.position as GlobalPosition, updatedAt: row.updated_at }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Closes the client when this store created it from a connection string or data directory. */
  async close(): Promise<void> {
    await this.connection.close();
  }

  /** A statement of this store; `write` names a write, whose outcome a lost connection reports. */
  private run<T>(statement: () => Promise<T>, write?: string): Promise<T> {
    return write === undefined ? guardSchema(this.schema, statement, 'reading checkpoints') : guardSchema(this.schema, statement, write, true);
  }
}
