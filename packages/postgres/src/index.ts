export { PostgresEventStore } from './events/postgres-event-store';
export type { PostgresAppendOptions, PostgresEventStoreOptions, PostgresSubscribeOptions } from './events/postgres-event-store';
export type { CombineAppendsOptions } from './events/append-combiner';
export { PostgresCheckpointStore } from './checkpoints/postgres-checkpoint-store';
export type { PostgresCheckpointStoreOptions } from './checkpoints/postgres-checkpoint-store';
export { PostgresSnapshotStore } from './snapshots/postgres-snapshot-store';
export type { PostgresSnapshotStoreOptions } from './snapshots/postgres-snapshot-store';
export { createPostgresStores } from './postgres-stores';
export type { PostgresStores } from './postgres-stores';

// Subscribers: checkpoints, process state and dead letters in one transaction; leadership per subscriber.
export { PostgresSubscriberStore } from './subscriptions/postgres-subscriber-store';
export type { PostgresSubscriberStoreOptions } from './subscriptions/postgres-subscriber-store';
export { PostgresSubscriberLocks } from './subscriptions/postgres-subscriber-locks';
export type { PostgresSubscriberLocksOptions } from './subscriptions/postgres-subscriber-locks';
export { SubscriberLockLostError } from './subscriptions/subscriber-lock-lost-error';

// Bulk read-model writes: rows staged by handlers, written per batch in a few statements.
export { SqlTable, sqlTable } from './projections/sql-table';
export type { StagedTableWriter } from './projections/sql-table';
export type { SqlTableDefinition } from './projections/sql-table-definition';
export { StagedWriteError } from './projections/staged-write-error';

// The SQL seam: what the stores (and transactional projections) run their SQL on.
export { createSqlClient } from './client/create-sql-client';
export type { SqlSource } from './client/create-sql-client';
export { PgSqlClient } from './client/pg-client';
export type { PgSqlClientOptions } from './client/pg-client';
export { PgliteSqlClient } from './client/pglite-client';
export { checkChannel, isSqlClient } from './client/sql-client';
export type { IsolationLevel, QueryOptions, SqlClient, SqlExecutor, SqlResult, SqlSession, SqlTransaction, TransactionOptions } from './client/sql-client';
export { databaseError, isMissingSchemaError } from './client/database-error';
export type { DatabaseErrorFields } from './client/database-error';
export { isConnectionError, retryOnConnectionError } from './client/transient-errors';
export type { ConnectionRetryOptions } from './client/transient-errors';

// Schema and migrations.
export { checkSchemaName, DEFAULT_SCHEMA, storeSchema } from './schema/store-schema';
export type { StoreSchema } from './schema/store-schema';
export { guardSchema } from './schema/guard-schema';
export { LATEST_SCHEMA_VERSION, runMigrations, schemaVersion } from './migrations/run-migrations';
export type { MigrationResult } from './migrations/run-migrations';
export { migrations } from './sql/migrations';
export type { Migration } from './sql/migrations/migration';

// Positions, status, errors, logging.
export { comparePostgresPositions, formatPosition, parsePosition } from './positions/position-token';
export type { PositionParts } from './positions/position-token';
export { readStoreStatus, STATUS_COUNT_CAP } from './status/store-status';
export type { CheckpointStatus, HorizonHolder, StoreStatus } from './status/store-status';
export { AppendAfterWriteError, DatabaseQueryError, SchemaNotMigratedError, StreamOrderConflictError } from './errors/postgres-errors';
export { silentLogger, stderrLogger } from './logger';
export type { Logger } from './logger';
