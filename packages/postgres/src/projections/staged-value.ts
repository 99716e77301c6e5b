import { describeValue, InvalidInputError, textProblem, toFrozenJson } from '@factum/event-store';
import type { CheckedTable } from './sql-table-definition';
import { StagedWriteError } from './staged-write-error';

/** A value as it travels to the server inside the batch's JSON: what JSON can carry, nothing else. */
export type StagedValue = string | number | boolean | null | readonly unknown[] | { readonly [key: string]: unknown };

const isJsonType = (type: string): boolean => type === 'json' || type === 'jsonb';

/**
 * Checks one column value of a staged row and returns it as it will be sent. Dates become ISO
 * strings and bigints decimal strings (both read back exactly by the column's type); arrays are
 * accepted for array and JSON columns, objects for JSON columns; anything JSON would change or
 * drop (NaN, a function, a Map, a string with NUL) is refused naming the column.
 */
export function stagedValue(table: CheckedTable, column: string, value: unknown): StagedValue {
  if (value === null) return null;
  switch (typeof value) {
    case 'string': {
      const problem = textProblem(value, 'a value');
      return problem === null ? value : fail(table, column, `got a string that cannot be stored: ${problem}`);
    }
    case 'number':
      return Number.isFinite(value) ? value : fail(table, column, `got ${value}, which JSON cannot carry`);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      return objectValue(table, column, value);
    default:
      return fail(table, column, `got ${describeValue(value)}, which JSON cannot carry`);
  }
}

// Not a closure per call: stagedValue runs for every column of every staged row.
function fail(table: CheckedTable, column: string, problem: string): never {
  throw new StagedWriteError(table.name, `column '${column}' (${table.types.get(column)!}) ${problem}`);
}

function objectValue(table: CheckedTable, column: string, value: object): StagedValue {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? fail(table, column, 'got an invalid Date') : value.toISOString();
  const type = table.types.get(column)!;
  const array = Array.isArray(value);
  if (!isJsonType(type) && !(array && type.endsWith('[]'))) {
    fail(table, column, `got ${array ? 'an array' : describeValue(value)}; only json/jsonb columns take objects, and only they and array columns take arrays`);
  }
  try {
    return toFrozenJson(value, `${table.name}.${column}`) as StagedValue;
  } catch (error) {
    if (error instanceof InvalidInputError) fail(table, column, `got a value JSON cannot carry: ${error.problem}`);
    throw error;
  }
}

/** A key value: a non-null scalar, so that keys compare the way the table compares them. */
export function stagedKeyValue(table: CheckedTable, column: string, value: unknown): string | number | boolean {
  if (value === undefined || value === null) throw new StagedWriteError(table.name, `the row has no value for key column '${column}'`);
  const staged = stagedValue(table, column, value);
  if (typeof staged === 'object') throw new StagedWriteError(table.name, `key column '${column}' must be a string, number, boolean, bigint or Date`);
  return staged as string | number | boolean;
}
