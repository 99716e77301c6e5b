import { createSqlClient, type SqlSource } from './create-sql-client';
import { isSqlClient, type SqlExecutor } from './sql-client';

/** What a store runs its statements on, and how closing the store releases it. */
export interface StoreConnection {
  readonly executor: SqlExecutor;
  /** Closes the client when the store created it (from a connection string, pool settings or a data directory). */
  close(): Promise<void>;
}

/**
 * Resolves a store's `source`: a transaction or session handed in is used as it is and never
 * closed; a `SqlClient` is shared and left open; anything else becomes a client the store owns.
 */
export function openStoreConnection(source: SqlSource | SqlExecutor): StoreConnection {
  if (isExecutorOnly(source)) return { executor: source, close: async () => undefined };
  const owned = !isSqlClient(source);
  const client = createSqlClient(source);
  return { executor: client, close: async () => (owned ? client.close() : undefined) };
}

/** A transaction or session handed in: only `query`, nothing to create or close. */
function isExecutorOnly(source: unknown): source is SqlExecutor {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as SqlExecutor).query === 'function' &&
    !isSqlClient(source) &&
    !('connect' in source) &&
    !('waitReady' in source)
  );
}
