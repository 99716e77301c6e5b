import { InvalidInputError } from '../errors/store-errors';
import type { JsonValue } from '../contract/events';

/**
 * Checks that `value` survives a round trip through JSON (and Postgres JSONB) unchanged and
 * returns a deep-frozen copy of it, so a stored event can never be mutated afterwards by the
 * caller that appended it nor by a reader. Object properties that are `undefined` are dropped,
 * as JSON does; anything JSON would silently change or lose is refused with the path to it.
 */
export function toFrozenJson(value: unknown, argument: string): JsonValue {
  return copy(value, argument, new Set());
}

function copy(value: unknown, path: string, ancestors: Set<object>): JsonValue {
  switch (typeof value) {
    case 'string':
      if (value.includes('\u0000')) throw new InvalidInputError(path, 'strings cannot contain the NUL character (\\u0000)');
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidInputError(path, `${value} is not a JSON number`);
      return value;
    case 'object':
      break;
    default:
      throw new InvalidInputError(path, `a ${typeof value} is not JSON; use strings, numbers, booleans, null, arrays and plain objects`);
  }
  if (value === null) return null;
  if (ancestors.has(value)) throw new InvalidInputError(path, 'contains a circular reference');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return Object.freeze(
        value.map((item, index) => {
          if (item === undefined) throw new InvalidInputError(`${path}[${index}]`, 'undefined is not JSON; use null');
          return copy(item, `${path}[${index}]`, ancestors);
        }),
      ) as JsonValue;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as object).constructor?.name ?? 'object';
      throw new InvalidInputError(path, `a ${kind} is not a plain JSON object; convert it first (e.g. a Date to an ISO string)`);
    }
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      if (key.includes('\u0000')) throw new InvalidInputError(path, 'object keys cannot contain the NUL character (\\u0000)');
      out[key] = copy(item, `${path}.${key}`, ancestors);
    }
    return Object.freeze(out);
  } finally {
    ancestors.delete(value);
  }
}
