import type { CheckedTable } from './sql-table-definition';
import { stagedKeyValue, stagedValue, type StagedValue } from './staged-value';
import { StagedWriteError } from './staged-write-error';

/**
 * One staged change to one row. `upsert` inserts the row or, when its key exists, sets the given
 * columns; `update` changes an existing row only; `delete` removes it. Values are kept by column
 * index (`CheckedTable.columns`): `undefined` where the op leaves a column alone. A column marked
 * in `adds` has its staged value added to the stored one instead of replacing it (an inserted
 * row starts from the staged amount). Key columns hold no value here: they are the op's key.
 */
export type StagedOp = { kind: 'upsert' | 'update'; values: Array<StagedValue | undefined>; adds: boolean[] | null } | { kind: 'delete' };

/** Everything staged for one key, in order. Usually one op: consecutive ops merge when that is exact. */
export interface KeyedOps {
  /** The key's values, in the order of `CheckedTable.key`. */
  readonly key: ReadonlyArray<string | number | boolean>;
  readonly ops: StagedOp[];
}

export interface StageOptions {
  /** Columns whose staged value is added to the stored one (`balance = balance + excluded.balance`). */
  add?: readonly string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * The writes staged for one table in one transaction, kept per key in staging order. Per-key
 * order is exact: a later op on a key either merges into the one before it (only when the
 * result is provably what running both would leave: set columns overwrite, last write wins;
 * integer adds sum) or is kept as a later op that is written after it. Keys are independent, so
 * the flush writes all keys' first ops, then their second ones, and so on.
 *
 * It is also the table's writer in its transaction (`SqlTable.in(tx)` hands out this object), so
 * staging a row allocates the op and little else: it runs once per event of a rebuild.
 */
export class StagedRows {
  private readonly byKey = new Map<string, KeyedOps>();

  constructor(readonly table: CheckedTable) {}

  get size(): number {
    return this.byKey.size;
  }

  upsert(row: unknown, options?: StageOptions): void {
    this.stage('upsert', row, options);
  }

  update(row: unknown, options?: StageOptions): void {
    this.stage('update', row, options);
  }

  delete(key: unknown): void {
    this.stage('delete', key, undefined);
  }

  stage(kind: 'upsert' | 'update' | 'delete', row: unknown, options: StageOptions | undefined): void {
    const { table } = this;
    if (!isPlainObject(row))
      throw new StagedWriteError(table.name, `${kind} takes a plain object with the row's columns, got ${row === null ? 'null' : typeof row}`);
    const key: Array<string | number | boolean> = [];
    for (const column of table.key) key.push(stagedKeyValue(table, column, row[column]));
    const values: Array<StagedValue | undefined> = new Array<StagedValue | undefined>(table.columns.length);
    for (const column of Object.keys(row)) {
      const index = table.index.get(column);
      if (index === undefined) throw new StagedWriteError(table.name, `it has no column '${column}' (declared: ${table.columns.join(', ')})`);
      const value = row[column];
      if (value === undefined || table.keySet.has(column)) continue;
      if (kind === 'delete') throw new StagedWriteError(table.name, `delete takes only the key (${table.key.join(', ')}), got '${column}' too`);
      values[index] = stagedValue(table, column, value);
    }
    this.push(key, kind === 'delete' ? { kind } : { kind, values, adds: this.adds(values, options?.add) });
  }

  /** The ops of every key, for the flush. */
  keyed(): Iterable<KeyedOps> {
    return this.byKey.values();
  }

  /** Which columns add rather than set (checked: non-key columns the row gives finite numbers), or null for none. */
  private adds(values: Array<StagedValue | undefined>, add: readonly string[] | undefined): boolean[] | null {
    if (add === undefined || add.length === 0) return null;
    const { table } = this;
    const adds = new Array<boolean>(values.length).fill(false);
    for (const column of add) {
      if (table.keySet.has(column)) throw new StagedWriteError(table.name, `add names key column '${column}'`);
      const index = table.index.get(column);
      if (index === undefined) throw new StagedWriteError(table.name, `add names '${column}', which is not one of its columns`);
      const value = values[index];
      if (typeof value !== 'number')
        throw new StagedWriteError(
          table.name,
          `add names '${column}', so the row must give it a finite number, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`,
        );
      adds[index] = true;
    }
    return adds;
  }

  private push(key: Array<string | number | boolean>, op: StagedOp): void {
    // Keys compare as the table compares them: 1 and '1' are one key of an integer column.
    const id = key.length === 1 ? String(key[0]) : JSON.stringify(key.map(String));
    const entry = this.byKey.get(id);
    if (!entry) {
      this.byKey.set(id, { key, ops: [op] });
      return;
    }
    const last = entry.ops[entry.ops.length - 1]!;
    if (op.kind === 'delete') entry.ops.splice(0, entry.ops.length, op);
    else if (last.kind === 'delete') {
      // An update after a delete finds no row; an upsert inserts a new one after the delete.
      if (op.kind === 'upsert') entry.ops.push(op);
    } else if (!merge(last, op)) entry.ops.push(op);
  }
}

/**
 * Folds `next` into `last` when writing the result once leaves the row exactly as writing both
 * in turn would; returns false (and changes nothing) otherwise.
 */
function merge(last: Exclude<StagedOp, { kind: 'delete' }>, next: Exclude<StagedOp, { kind: 'delete' }>): boolean {
  // An update before an upsert changes nothing when the row is missing, the upsert then inserts: not one write.
  if (last.kind === 'update' && next.kind === 'upsert') return false;
  const { values } = next;
  // First check that every add can be folded, then fold: a refusal must leave `last` as it was.
  if (next.adds) {
    for (let i = 0; i < values.length; i++) {
      if (!next.adds[i]) continue;
      const base = last.values[i];
      // After an upsert the row exists and holds the column's default, not 0: keep both writes.
      if (base === undefined) {
        if (last.kind === 'upsert') return false;
        continue;
      }
      const amount = values[i] as number;
      // Integers add exactly in JS as in SQL; fractions (or a null base) are left to the server.
      if (typeof base !== 'number' || !Number.isSafeInteger(base) || !Number.isSafeInteger(amount) || !Number.isSafeInteger(base + amount)) return false;
    }
  }
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === undefined) continue;
    if (next.adds?.[i]) {
      const base = last.values[i];
      if (base === undefined) {
        // Only after an update (checked above): the later add alone is what reaches the row.
        last.values[i] = value;
        (last.adds ??= new Array<boolean>(values.length).fill(false))[i] = true;
      } else last.values[i] = (base as number) + (value as number); // a set stays a set, an add an add
    } else {
      last.values[i] = value;
      if (last.adds) last.adds[i] = false;
    }
  }
  return true;
}
