import { StagedWriteError } from './staged-write-error';

/**
 * A read-model table as bulk writes see it: its name, the columns a row may carry with their SQL
 * types, and the key that identifies a row. The key must be a primary key or unique constraint of
 * the table (upserts resolve conflicts on it).
 */
export interface SqlTableDefinition<Row extends object> {
  /** `table` or `schema.table`, lower-case identifiers, used as written (quoted). */
  name: string;
  /** The columns that identify a row: the table's primary key or a unique constraint on them. */
  key: readonly (keyof Row & string)[];
  /**
   * Every column a staged row may set, with its SQL type (`text`, `bigint`, `numeric(12,2)`,
   * `timestamptz`, `jsonb`, `text[]`, ...): rows travel to the server as JSON and are read back
   * with these types.
   */
  columns: { readonly [K in keyof Row & string]-?: string };
}

/** A checked definition with the SQL pieces its statements are built from. */
export interface CheckedTable {
  readonly name: string;
  /** The quoted `"schema"."table"`. */
  readonly qualified: string;
  readonly key: readonly string[];
  readonly keySet: ReadonlySet<string>;
  /** Column name → SQL type. */
  readonly types: ReadonlyMap<string, string>;
  /** The columns in declaration order; staged rows keep their values by this index. */
  readonly columns: readonly string[];
  /** Column name → its index in `columns`. */
  readonly index: ReadonlyMap<string, number>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
// A valid SQL name, but one a JavaScript row object cannot carry as an ordinary key.
const RESERVED_COLUMNS = new Set(['__proto__']);
// Type names go into the statement's text, so only plain type names are accepted.
const SQL_TYPE = /^[a-z][a-z0-9_]*( [a-z][a-z0-9_]*)*(\(\d+(, ?\d+)?\))?(\[\])?$/;

export const quote = (identifier: string): string => `"${identifier}"`;

export function checkTableDefinition<Row extends object>(definition: SqlTableDefinition<Row>): CheckedTable {
  const name = typeof definition?.name === 'string' ? definition.name : String(definition?.name);
  const fail = (problem: string): never => {
    throw new StagedWriteError(name, problem);
  };
  const parts = name.split('.');
  if (parts.length > 2 || parts.some((part) => !IDENTIFIER.test(part))) {
    fail("the table name must be 'table' or 'schema.table', each a lower-case identifier (a-z, 0-9, _)");
  }
  const columns = definition.columns as Record<string, string> | undefined;
  if (typeof columns !== 'object' || columns === null || Object.keys(columns).length === 0) fail('columns must name at least one column with its SQL type');
  const types = new Map<string, string>();
  for (const [column, type] of Object.entries(columns!)) {
    if (!IDENTIFIER.test(column)) fail(`column '${column}' is not a lower-case identifier (a-z, 0-9, _)`);
    if (RESERVED_COLUMNS.has(column)) fail(`column '${column}' cannot be staged: a JavaScript object cannot carry it as a column`);
    const normalised = typeof type === 'string' ? type.trim().toLowerCase() : '';
    if (!SQL_TYPE.test(normalised))
      fail(`column '${column}' has type '${String(type)}', which is not a plain SQL type name such as text, bigint or numeric(12,2)`);
    types.set(column, normalised);
  }
  const key = definition.key as readonly string[] | undefined;
  if (!Array.isArray(key) || key.length === 0) fail('key must name at least one column');
  for (const column of key!) if (!types.has(column)) fail(`key column '${String(column)}' is not one of its columns`);
  if (new Set(key).size !== key!.length) fail('key names a column twice');
  const ordered = [...types.keys()];
  return {
    name,
    qualified: parts.map(quote).join('.'),
    key: [...key!],
    keySet: new Set(key),
    types,
    columns: ordered,
    index: new Map(ordered.map((column, i) => [column, i])),
  };
}
