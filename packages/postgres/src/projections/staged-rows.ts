import type { CheckedTable } from './sql-table-definition';
import { stagedKeyValue, stagedValue, type StagedValue } from './staged-value';
import { StagedWriteError } from './staged-write-error';

/**
 * One staged change to one row. `upsert` inserts the row or, when its key exists, sets the given
 * columns; `update` changes an existing row only; `delete` removes it. `add` columns are added to
 * the stored value instead of replacing it (an inserted row starts from the staged amount).
 */
export type StagedOp = { kind: 'upsert' | 'update'; set: Map<string, StagedValue>; add: Map<string, number> } | { kind: 'delete' };

/** Everything staged for one key, in order. Usually one op: consecutive ops merge when that is exact. */
export interface KeyedOps {
  readonly key: ReadonlyMap<string, string | number | boolean>;
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
 */
export class StagedRows {
  private readonly byKey = new Map<string, KeyedOps>();

  constructor(readonly table: CheckedTable) {}

  get size(): number {
    return this.byKey.size;
  }

  stage(kind: 'upsert' | 'update' | 'delete', row: unknown, options: StageOptions = {}): void {
    const { table } = this;
    if (!isPlainObject(row))
      throw new StagedWriteError(table.name, `${kind} takes a plain object with the row's columns, got ${row === null ? 'null' : typeof row}`);
    const key = new Map<string, string | number | boolean>();
    for (const column of table.key) key.set(column, stagedKeyValue(table, column, row[column]));
    const set = new Map<string, StagedValue>();
    for (const [column, value] of Object.entries(row)) {
      if (!table.types.has(column)) throw new StagedWriteError(table.name, `it has no column '${column}' (declared: ${[...table.types.keys()].join(', ')})`);
      if (value === undefined || table.keySet.has(column)) continue;
      if (kind === 'delete') throw new StagedWriteError(table.name, `delete takes only the key (${table.key.join(', ')}), got '${column}' too`);
      set.set(column, stagedValue(table, column, value));
    }
    const add = new Map<string, number>();
    for (const column of options.add ?? []) {
      if (table.keySet.has(column)) throw new StagedWriteError(table.name, `add names key column '${column}'`);
      if (!table.types.has(column)) throw new StagedWriteError(table.name, `add names '${column}', which is not one of its columns`);
      const value = set.get(column);
      if (typeof value !== 'number')
        throw new StagedWriteError(
          table.name,
          `add names '${column}', so the row must give it a finite number, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`,
        );
      set.delete(column);
      add.set(column, value);
    }
    this.push(key, kind === 'delete' ? { kind } : { kind, set, add });
  }

  /** The ops of every key, for the flush. */
  keyed(): Iterable<KeyedOps> {
    return this.byKey.values();
  }

  private push(key: Map<string, string | number | boolean>, op: StagedOp): void {
    // Keys compare as the table compares them: 1 and '1' are one key of an integer column.
    const id = JSON.stringify(this.table.key.map((column) => String(key.get(column))));
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
  const sums = new Map<string, number>();
  for (const [column, amount] of next.add) {
    const base = last.set.has(column) ? last.set.get(column) : last.add.get(column);
    if (base === undefined) {
      // After an upsert the row exists and holds the column's default, not 0: keep both writes.
      if (last.kind === 'upsert') return false;
      sums.set(column, amount);
      continue;
    }
    const sum = typeof base === 'number' ? base + amount : NaN;
    // Integers add exactly in JS as in SQL; fractions (or a null base) are left to the server.
    if (!Number.isSafeInteger(base) || !Number.isSafeInteger(amount) || !Number.isSafeInteger(sum)) return false;
    sums.set(column, sum);
  }
  for (const [column, value] of next.set) {
    last.set.set(column, value);
    last.add.delete(column);
  }
  for (const [column, sum] of sums) {
    if (last.set.has(column)) last.set.set(column, sum);
    else last.add.set(column, sum);
  }
  return true;
}
