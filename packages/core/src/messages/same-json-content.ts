import type { JsonValue } from '@factum/event-store';

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Whether `value` (a schema's output) holds exactly the JSON value `json` (the checked, frozen
 * input it was parsed from), with object keys in any order: what decides that the checked input
 * can be stored in place of the output. Anything the store would change or refuse (an undefined
 * property, a class instance, NaN) makes them differ.
 *
 * Key order is not compared, unlike `identicalJson`: stored JSON does not keep it (PostgreSQL's
 * `jsonb` orders keys its own way), and comparing it takes a list of keys per object, on every
 * event emitted. `json` nests at most `MAX_JSON_DEPTH` deep, so the recursion is bounded.
 */
export function sameJsonContent(value: unknown, json: JsonValue): boolean {
  if (value === json) return true;
  if (typeof value !== 'object' || typeof json !== 'object' || value === null || json === null) return false;
  if (Array.isArray(json)) {
    if (!Array.isArray(value) || value.length !== json.length) return false;
    for (let index = 0; index < json.length; index++) if (!sameJsonContent(value[index], json[index]!)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value) || (proto !== Object.prototype && proto !== null)) return false;
  // Every own key of `value` is one of `json` with the same content, and `json` has no more keys.
  let unmatched = 0;
  for (const key in value) {
    if (!hasOwn.call(value, key)) continue;
    if (!hasOwn.call(json, key) || !sameJsonContent((value as Record<string, unknown>)[key], json[key]!)) return false;
    unmatched--;
  }
  for (const key in json) if (hasOwn.call(json, key)) unmatched++;
  return unmatched === 0;
}
