/**
 * The `occurredAt` the in-memory store hands out: a `Date` whose setters throw. One `Date` serves
 * every event appended (or read) in the same millisecond (a `Date` per append was a tenth of the
 * cost of a command dispatched to this store), so a `Date` that a reader could `setTime` on would
 * change the time of events that other readers hold.
 *
 * It is a `Date` in every other way: `instanceof Date`, `getTime()`, `toISOString()`, JSON, and
 * `constructor` is `Date`, so deep equality with a plain `Date` of the same time holds, strict
 * included.
 */
class StoredTime extends Date {}

const SETTERS = [
  'setTime',
  'setMilliseconds',
  'setUTCMilliseconds',
  'setSeconds',
  'setUTCSeconds',
  'setMinutes',
  'setUTCMinutes',
  'setHours',
  'setUTCHours',
  'setDate',
  'setUTCDate',
  'setMonth',
  'setUTCMonth',
  'setFullYear',
  'setUTCFullYear',
  'setYear',
];
for (const name of SETTERS) {
  Object.defineProperty(StoredTime.prototype, name, {
    value: function refuse(): never {
      throw new TypeError(`Cannot call ${name} on the occurredAt of a stored event: stored events never change. Copy it first: new Date(event.occurredAt)`);
    },
  });
}
Object.defineProperty(StoredTime.prototype, 'constructor', { value: Date });

/** A frozen, unchangeable `Date` of `time` (milliseconds since the epoch). */
export function storedTime(time: number): Date {
  return Object.freeze(new StoredTime(time));
}
