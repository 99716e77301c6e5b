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
      checkText(value, path, 'strings');
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidInputError(path, `${value} is not a JSON number`);
      // JSON has no negative zero: store the 0 every reader will get back.
      return value === 0 ? 0 : value;
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
      // An index loop, not map(): map() skips the holes of a sparse array, which JSON turns into null.
      const items: JsonValue[] = [];
      for (let index = 0; index < value.length; index++) {
        const item: unknown = value[index];
        if (item === undefined) throw new InvalidInputError(`${path}[${index}]`, 'undefined (or an array hole) is not JSON; use null');
        items.push(copy(item, `${path}[${index}]`, ancestors));
      }
      return Object.freeze(items) as JsonValue;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as object).constructor?.name ?? 'object';
      throw new InvalidInputError(path, `a ${kind} is not a plain JSON object; convert it first (e.g. a Date to an ISO string)`);
    }
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      checkText(key, path, 'object keys');
      const copied = copy(item, `${path}.${key}`, ancestors);
      // A plain assignment to '__proto__' would set the prototype and lose the key that JSON.parse created.
      if (key === '__proto__') Object.defineProperty(out, key, { value: copied, enumerable: true, writable: true, configurable: true });
      else out[key] = copied;
    }
    return Object.freeze(out);
  } finally {
    ancestors.delete(value);
  }
}

// A UTF-16 surrogate without its pair: valid in a JS string, but not Unicode text (Postgres refuses it).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses text that a store could not keep exactly: NUL, and lone surrogates (no valid UTF-8 for them). */
export function checkText(text: string, path: string, what: string): void {
  if (text.includes('\u0000')) throw new InvalidInputError(path, `${what} cannot contain the NUL character (\\u0000)`);
  if (LONE_SURROGATE.test(text)) {
    throw new InvalidInputError(path, `${what} cannot contain a lone UTF-16 surrogate (half of an emoji or other astral character)`);
  }
}
