import { FactumError } from '@factum/event-store';
import type { DatabaseErrorFields } from '../client/database-error';

/**
 * An append inside a transaction that already had a transaction id older than the stream's last
 * writer. Appending would put this event before the stream's earlier events in the global log,
 * so it is refused and nothing is written; run the work again in a new transaction. Appends the
 * store runs on its own never see this (they take their id only after the stream is theirs).
 */
export class StreamOrderConflictError extends FactumError {
  static readonly code = 'STREAM_ORDER_CONFLICT';
  constructor(
    readonly streamId: string,
    options?: { cause?: unknown },
  ) {
    super(
      StreamOrderConflictError.code,
      `Append to stream '${streamId}' refused: a newer transaction appended to it while this one was open, and the global ` +
        'log must keep the stream in version order. Retry the transaction; append before writing anything else in it to avoid this.',
      options,
    );
  }
}

/**
 * An append inside a transaction that had already written to the database (so already had a
 * transaction id) before its first append. Readers of the global log wait only for transactions
 * that became appenders before they had an id (that is what lets them ignore every other open
 * transaction on the server), so this append is refused and nothing is written. Append first,
 * then write the rest of the transaction, or append in a transaction of its own.
 */
export class AppendAfterWriteError extends FactumError {
  static readonly code = 'APPEND_AFTER_WRITE';
  constructor(
    readonly streamId: string,
    options?: { cause?: unknown },
  ) {
    super(
      AppendAfterWriteError.code,
      `Append to stream '${streamId}' refused: this transaction wrote to the database before its first append. ` +
        'Append first and write read models, checkpoints and other rows after it in the same transaction, or append in a transaction of its own.',
      options,
    );
  }
}

/** The store's tables are not there (or are older than this code): run the migrations first. */
export class SchemaNotMigratedError extends FactumError {
  static readonly code = 'SCHEMA_NOT_MIGRATED';
  constructor(
    readonly schema: string,
    options?: { cause?: unknown },
  ) {
    super(
      SchemaNotMigratedError.code,
      `The Factum schema '${schema}' is missing or not up to date. Run store.migrate() (or \`npx factum migrate\`) before using the store.`,
      options,
    );
  }
}

/**
 * The database refused a statement of the store for a reason Factum does not expect (a
 * permission, a disk, a constraint of your own on the store's tables). `sqlState` is Postgres's
 * code for it; the driver's error is the `cause`. Input Factum can check is refused before any
 * SQL runs, with `InvalidInputError`.
 */
export class DatabaseQueryError extends FactumError {
  static readonly code = 'DATABASE_QUERY_FAILED';
  readonly sqlState: string | undefined;
  constructor(
    readonly operation: string,
    fields: DatabaseErrorFields,
    options?: { cause?: unknown },
  ) {
    super(
      DatabaseQueryError.code,
      `The database refused ${operation}: ${fields.message ?? 'unknown error'}${fields.code ? ` (SQLSTATE ${fields.code})` : ''}.`,
      options,
    );
    this.sqlState = fields.code;
  }
}
