import type { SqlTransaction } from '../client/sql-client';
import { bulkWriteStatement, type BulkStatementShape } from '../sql/bulk-write-statements';
import type { CheckedTable } from './sql-table-definition';
import { StagedRows, type StagedOp } from './staged-rows';

/**
 * The bulk writes staged in each open transaction, per table, in the order the tables were first
 * written. They are flushed once, just before the transaction commits: by the subscription
 * runtime before it moves the checkpoint (`SubscriberSession.prepareCommit`), and otherwise by
 * the transaction itself before its COMMIT, so staged rows never commit without being written
 * and never outlive a rollback (they belong to the transaction object, which is then gone).
 */
const pending = new WeakMap<SqlTransaction, Map<CheckedTable, StagedRows>>();

/** The staging buffer of `table` in `tx`, created (and a flush before COMMIT registered) on first use. */
export function stagedRowsFor(tx: SqlTransaction, table: CheckedTable): StagedRows {
  let tables = pending.get(tx);
  if (!tables) {
    tables = new Map();
    pending.set(tx, tables);
    tx.beforeCommit!(() => flushStagedWrites(tx)); // SqlTable.in checked that it is there
  }
  let rows = tables.get(table);
  if (!rows) {
    rows = new StagedRows(table);
    tables.set(table, rows);
  }
  return rows;
}

/** Whether anything was staged in `tx` and not taken yet. */
export function hasStagedWrites(tx: SqlTransaction): boolean {
  return pending.has(tx);
}

/** One statement of a flush: a table's rows of one shape, as the JSON its statement reads. */
export interface StagedStatement {
  table: CheckedTable;
  shape: BulkStatementShape;
  /** `JSON.stringify` of the rows: the statement's `$1`. */
  payload: string;
}

/**
 * Takes everything staged in `tx` out of its buffers, as the statements that write it: per
 * table, every key's first op, then every key's second op (rarely any), each round in one
 * statement per shape of row. Whoever takes them must run them, in order, in `tx`.
 */
export function takeStagedWrites(tx: SqlTransaction): StagedStatement[] {
  const tables = pending.get(tx);
  if (!tables) return [];
  pending.delete(tx);
  const statements: StagedStatement[] = [];
  for (const rows of tables.values()) {
    for (const { shape, payload } of statementsOf(rows)) {
      if (bulkWriteStatement(rows.table, shape) !== null) statements.push({ table: rows.table, shape, payload: JSON.stringify(payload) });
    }
  }
  return statements;
}

/** Writes everything staged in `tx` (see `takeStagedWrites`) and empties the buffers. */
export async function flushStagedWrites(tx: SqlTransaction): Promise<void> {
  for (const { table, shape, payload } of takeStagedWrites(tx)) await tx.query(bulkWriteStatement(table, shape)!, [payload]);
}

interface ShapeRows {
  shape: BulkStatementShape;
  payload: Array<Record<string, unknown>>;
}

/** The statements of one table's staged rows: per round, one per shape (kind and columns written). */
function statementsOf(rows: StagedRows): ShapeRows[] {
  const { table } = rows;
  const rounds: Array<Map<string, ShapeRows>> = [];
  for (const { key, ops } of rows.keyed()) {
    for (let round = 0; round < ops.length; round++) {
      const op = ops[round]!;
      const shapes = (rounds[round] ??= new Map());
      const row: Record<string, unknown> = {};
      for (let k = 0; k < key.length; k++) row[table.key[k]!] = key[k];
      // The shape's id: the kind, then per column '-' (left alone), 's' (set) or 'a' (added).
      let id: string = op.kind;
      if (op.kind !== 'delete') {
        const { values, adds } = op;
        id += ':';
        for (let i = 0; i < values.length; i++) {
          const value = values[i];
          if (value === undefined) id += '-';
          else {
            row[table.columns[i]!] = value;
            id += adds?.[i] ? 'a' : 's';
          }
        }
      }
      const shape = shapes.get(id);
      if (shape) shape.payload.push(row);
      else shapes.set(id, { shape: shapeOf(table, op), payload: [row] });
    }
  }
  return rounds.flatMap((shapes) => [...shapes.values()]);
}

function shapeOf(table: CheckedTable, op: StagedOp): BulkStatementShape {
  if (op.kind === 'delete') return { kind: 'delete', set: [], add: [] };
  const set: string[] = [];
  const add: string[] = [];
  op.values.forEach((value, i) => {
    if (value !== undefined) (op.adds?.[i] ? add : set).push(table.columns[i]!);
  });
  return { kind: op.kind, set: set.sort(), add: add.sort() };
}
