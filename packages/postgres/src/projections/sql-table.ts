import type { SqlTransaction } from '../client/sql-client';
import { checkTableDefinition, type CheckedTable, type SqlTableDefinition } from './sql-table-definition';
import { StagedWriteError } from './staged-write-error';
import { stagedRowsFor } from './staged-writes';

type Column<Row> = keyof Row & string;

/**
 * A table's writes staged in one transaction. Nothing is sent while handlers run: the staged
 * rows are written in a few multi-row statements just before the transaction commits (for a
 * transactional projector, with its checkpoint). Checks happen here, when a row is staged, so a
 * bad row fails the handler that staged it.
 *
 * Per key, the staged ops keep their order and the last write wins: two upserts of one key in a
 * batch leave the second one's values (and the first one's columns the second did not set).
 * Reads through `tx` in the same batch do not see staged rows yet.
 */
export interface StagedTableWriter<Row extends object> {
  /** Inserts the row, or sets the given columns of the row with its key. `add` columns are added to the stored value. */
  upsert(row: Partial<Row>, options?: { add?: readonly Column<Row>[] }): void;
  /** Sets the given columns of the row with its key, if it exists. `add` columns are added to the stored value. */
  update(row: Partial<Row>, options?: { add?: readonly Column<Row>[] }): void;
  /** Deletes the row with this key, if it exists. */
  delete(key: Partial<Row>): void;
}

/** A read-model table for bulk writes from transactional projectors: `table.in(ctx.tx).upsert(row)`. */
export class SqlTable<Row extends object> {
  readonly definition: CheckedTable;

  constructor(definition: SqlTableDefinition<Row>) {
    this.definition = checkTableDefinition(definition);
  }

  /** The writer of this table in `tx`: a transactional projector's `ctx.tx`, or any `SqlTransaction`. */
  in(tx: SqlTransaction | undefined): StagedTableWriter<Row> {
    if (typeof tx?.beforeCommit !== 'function') {
      throw new StagedWriteError(
        this.definition.name,
        "staged writes need a transaction: pass a transactional projector's ctx.tx (declare it transactional: true) or a SqlTransaction",
      );
    }
    // The table's staging buffer in this transaction is its writer: nothing is allocated per call.
    return stagedRowsFor(tx, this.definition) as StagedTableWriter<Row>;
  }
}

/** Declares a table for bulk writes (see `SqlTableDefinition`); the definition is checked here. */
export function sqlTable<Row extends object>(definition: SqlTableDefinition<Row>): SqlTable<Row> {
  return new SqlTable(definition);
}
