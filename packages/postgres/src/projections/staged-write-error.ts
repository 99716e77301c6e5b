import { FactumError } from '@factum/event-store';

/**
 * A row staged for a bulk read-model write (or the table it was staged for) that cannot be
 * written as given: an unknown or missing column, a value JSON cannot carry, a table used outside
 * a transaction. Thrown when the row is staged, inside the handler, so the event that staged it
 * goes through the subscriber's retry and error policy; nothing of it reaches the table.
 */
export class StagedWriteError extends FactumError {
  static readonly code = 'INVALID_STAGED_WRITE';
  constructor(
    /** The table as declared (`schema.table`). */
    readonly table: string,
    readonly problem: string,
  ) {
    super(StagedWriteError.code, `Cannot stage a write to ${table}: ${problem}`);
  }
}
