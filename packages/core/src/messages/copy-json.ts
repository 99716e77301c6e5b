/**
 * A mutable deep copy of stored (frozen) JSON state. Not `structuredClone`: its copies take the
 * prototypes of the realm that made them, which under a test sandbox are not the realm's own
 * `Object.prototype`, so the store's plain-object check would refuse them when saved again.
 */
export function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
