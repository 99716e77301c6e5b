import type { SqlTransaction } from '../client/sql-client';
import { bulkWriteStatement } from '../sql/bulk-write-statements';
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

/**
 * Writes everything staged in `tx` and empties the buffers: per table, every key's first op,
 * then every key's second op (rarely any), each round in one statement per shape of row.
 */
export async function flushStagedWrites(tx: SqlTransaction): Promise<void> {
  const tables = pending.get(tx);
  if (!tables) return;
  pending.delete(tx);
  for (const rows of tables.values()) {
    const rounds: Array<Map<string, { op: StagedOp; payload: Record<string, unknown>[] }>> = [];
    for (const { key, ops } of rows.keyed()) {
      ops.forEach((op, round) => {
        const shapes = (rounds[round] ??= new Map());
        const row: Record<string, unknown> = Object.fromEntries(key);
        let id: string = op.kind;
        if (op.kind !== 'delete') {
          for (const [column, value] of op.set) row[column] = value;
          for (const [column, value] of op.add) row[column] = value;
          id += `|${[...op.set.keys()].sort().join(',')}|${[...op.add.keys()].sort().join(',')}`;
        }
        const shape = shapes.get(id);
        if (shape) shape.payload.push(row);
        else shapes.set(id, { op, payload: [row] });
      });
    }
    for (const shapes of rounds) {
      for (const { op, payload } of shapes.values()) {
        const text = bulkWriteStatement(
          rows.table,
          op.kind === 'delete' ? { kind: 'delete', set: [], add: [] } : { kind: op.kind, set: [...op.set.keys()].sort(), add: [...op.add.keys()].sort() },
        );
        if (text !== null) await tx.query(text, [JSON.stringify(payload)]);
      }
    }
  }
}
