import { InvalidInputError } from '@factum/event-store';

/**
 * The small SQL seam every Postgres part of Factum is written against. Two implementations
 * exist: one over a `pg` Pool (a server) and one over PGlite (Postgres compiled to WASM, in
 * process). The stores, migrations and subscription machinery only ever see these interfaces, so
 * one SQL code path serves both.
 */

/** What a statement returned. Column types follow the driver: cast in SQL (`::text`) for uniform values. */
export interface SqlResult<Row> {
  rows: Row[];
  /** Rows returned or changed by the statement. */
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Prepare the statement under this name on each connection and reuse its plan: worth it for
   * hot statements that are costly to plan. One name, one text. Ignored where the driver has no
   * named statements (PGlite).
   */
  name?: string;
}

/** Anything that runs one parameterised statement: the client (autocommit), a transaction, a session. */
export interface SqlExecutor {
  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<Row>>;
}

/** A statement runner bound to one open transaction. Valid only inside the `transaction` callback. */
export interface SqlTransaction extends SqlExecutor {
  /**
   * Runs `callback` once the transaction has committed (never after a rollback). Used to wake
   * subscribers only when what they would read is really there.
   */
  afterCommit(callback: () => void): void;
  /**
   * Runs `work` inside the transaction just before it commits, after the transaction's own work
   * has resolved (in registration order); a failure rolls the transaction back. Staged bulk
   * writes (`SqlTable`) are flushed this way when nothing flushed them earlier. Every
   * transaction Factum's clients open has it; a wrapper of a transaction should pass it on.
   */
  beforeCommit?(work: () => Promise<void>): void;
}

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /** Defaults to the database's default (read committed unless configured otherwise). */
  isolation?: IsolationLevel;
  readOnly?: boolean;
}

/**
 * One connection held for as long as its owner needs it: for LISTEN, and for session-level
 * state such as advisory locks. On a server it is a connection of its own, outside the pool.
 */
export interface SqlSession extends SqlExecutor {
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Calls `onNotification` for every NOTIFY on `channel` (a lower-case identifier) until the
   * session ends. Notifications are lost while a session is down: reread after reconnecting.
   */
  listen(channel: string, onNotification: (payload: string) => void): Promise<void>;
  /**
   * Aborted when the connection is lost without `release()` (server restart, terminated
   * backend, network failure); `reason` is the error. Session state (LISTEN, advisory locks)
   * is gone at that point.
   */
  readonly lost: AbortSignal;
  /** The server's process id for this connection (`pg_backend_pid()`). */
  readonly backendPid: number;
  /** Ends the session and frees its connection. Idempotent. */
  release(): Promise<void>;
}

/** A database to run SQL on: a pooled Postgres or an embedded PGlite. */
export interface SqlClient extends SqlExecutor {
  readonly dialect: 'postgres' | 'pglite';
  /**
   * Runs `work` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it
   * throws (and rethrows). Use only `tx` inside `work`: on PGlite, the client itself waits until
   * the transaction ends, so calling it from inside would never return.
   */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** A dedicated session (see `SqlSession`). Release it when done. */
  session(): Promise<SqlSession>;
  /** Closes the pool or database when the client created it; leaves one it was given open. */
  close(): Promise<void>;
}

export function isSqlClient(value: unknown): value is SqlClient {
  const candidate = value as Partial<SqlClient> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    (candidate.dialect === 'postgres' || candidate.dialect === 'pglite') &&
    typeof candidate.session === 'function' &&
    typeof candidate.transaction === 'function'
  );
}

export function transactionStatement(options: TransactionOptions | undefined): string | undefined {
  if (!options?.isolation && !options?.readOnly) return undefined;
  const parts: string[] = [];
  if (options.isolation) {
    if (!['read committed', 'repeatable read', 'serializable'].includes(options.isolation)) {
      throw new InvalidInputError('isolation', `'${String(options.isolation)}' is not 'read committed', 'repeatable read' or 'serializable'`);
    }
    parts.push(`isolation level ${options.isolation}`);
  }
  if (options.readOnly) parts.push('read only');
  return `set transaction ${parts.join(', ')}`;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/** LISTEN takes an identifier, not a parameter: only plain lower-case names are accepted. */
export function checkChannel(channel: string): string {
  if (typeof channel !== 'string' || !CHANNEL.test(channel)) {
    throw new InvalidInputError('channel', `'${String(channel)}' is not a lower-case identifier of at most 63 characters (a-z, 0-9, _)`);
  }
  return channel;
}
