import { FactumError } from '@factum/event-store';

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
