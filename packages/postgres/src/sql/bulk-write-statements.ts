import { quote, type CheckedTable } from '../projections/sql-table-definition';

/**
 * The statements that write a batch of staged rows: one per table, kind of op and set of columns,
 * whatever the number of rows. The rows travel as one JSON array parameter and are read back with
 * the table's declared column types (`json_to_recordset`), so a statement's text depends only on
 * its columns and its plan can be reused.
 *
 * - upsert: `insert ... select ... on conflict (key) do update set c = excluded.c, a = t.a + excluded.a`
 * - update: `update ... set ... from json_to_recordset(...) where key matches`
 * - delete: `delete ... using json_to_recordset(...) where key matches`
 *
 * Each key appears at most once per statement (the staging merges or splits per key), which is
 * what `on conflict do update` requires.
 */
export interface BulkStatementShape {
  kind: 'upsert' | 'update' | 'delete';
  /** Non-key columns set to the staged value. */
  set: readonly string[];
  /** Non-key columns the staged value is added to. */
  add: readonly string[];
}

function recordset(table: CheckedTable, columns: readonly string[]): string {
  return `json_to_recordset($1::json) as x(${columns.map((c) => `${quote(c)} ${table.types.get(c)}`).join(', ')})`;
}

const keyMatch = (table: CheckedTable): string => table.key.map((c) => `t.${quote(c)} = x.${quote(c)}`).join(' and ');

/**
 * The statement for one shape, or `null` when it would change nothing (an update of no columns).
 * `gate` is a condition that must hold for the statement to change anything (a subscriber's
 * fenced checkpoint write in the same statement, see `sql/fused-unit-statement.ts`).
 */
export function bulkWriteStatement(table: CheckedTable, shape: BulkStatementShape, gate?: string): string | null {
  const { qualified, key } = table;
  const and = gate === undefined ? '' : ` and ${gate}`;
  if (shape.kind === 'delete') return `delete from ${qualified} as t using ${recordset(table, key)} where ${keyMatch(table)}${and}`;
  const assignments = [
    ...shape.set.map((c) => `${quote(c)} = ${shape.kind === 'upsert' ? 'excluded' : 'x'}.${quote(c)}`),
    ...shape.add.map((c) => `${quote(c)} = t.${quote(c)} + ${shape.kind === 'upsert' ? 'excluded' : 'x'}.${quote(c)}`),
  ];
  if (shape.kind === 'update') {
    if (assignments.length === 0) return null;
    return `update ${qualified} as t set ${assignments.join(', ')} from ${recordset(table, [...key, ...shape.set, ...shape.add])} where ${keyMatch(table)}${and}`;
  }
  const columns = [...key, ...shape.set, ...shape.add];
  const list = columns.map(quote).join(', ');
  const onConflict = assignments.length === 0 ? 'do nothing' : `do update set ${assignments.join(', ')}`;
  const where = gate === undefined ? '' : ` where ${gate}`;
  return `insert into ${qualified} as t (${list}) select ${list} from ${recordset(table, columns)}${where} on conflict (${key.map(quote).join(', ')}) ${onConflict}`;
}
