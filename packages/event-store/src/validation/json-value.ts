import { InvalidInputError } from '../errors/store-errors';
import type { JsonValue } from '../contract/events';
import { textProblem } from './text';

/**
 * How many arrays and objects a JSON value may nest inside each other (`[[1]]` is 2 deep).
 * Why 100: PGlite stops answering on values a few thousand levels deep, V8's JSON.stringify and
 * Postgres's parser overflow their stacks not far beyond, and MySQL's JSON type stops at 100; no
 * event or state needs more, and hostile input that goes deeper is refused before any of them.
 */
export const MAX_JSON_DEPTH = 100;

type PathSegment = string | number;

/** An array or object being copied, and the one it sits in: what a circular reference is checked against. */
interface Ancestor {
  readonly value: object;
  readonly up: Ancestor | null;
}

/**
 * A refusal on its way up: each level adds where it sits in its parent, so the path to the
 * culprit is built only when there is one. `atArgument` problems name the whole argument.
 */
class JsonProblem {
  readonly segments: PathSegment[];

  constructor(
    readonly message: string,
    at?: PathSegment,
    readonly atArgument = false,
  ) {
    this.segments = at === undefined ? [] : [at];
  }
}

/**
 * Checks that `value` survives a round trip through JSON (and Postgres JSONB) unchanged and
 * returns a deep-frozen copy of it, so a stored event can never be mutated afterwards by the
 * caller that appended it nor by a reader. Object properties that are `undefined` are dropped,
 * as JSON does; anything JSON would silently change or lose, or nested deeper than
 * `MAX_JSON_DEPTH`, is refused with `InvalidInputError` and the path to it.
 *
 * This runs for the data and metadata of every event appended, so it allocates nothing but the
 * copy when the value is valid: no work list, no set of ancestors (a linked list on the way
 * down, made only for containers that contain containers), no path (built only for an error).
 * It recurses, at most `MAX_JSON_DEPTH` levels, since deeper input is refused on the way down.
 */
export function toFrozenJson(value: unknown, argument: string): JsonValue {
  if (typeof value !== 'object' || value === null) return scalarOf(value, argument);
  for (let slot = 0; slot < RECENT; slot++) if (recent[slot] === value) return value as JsonValue;
  let copy: JsonValue;
  try {
    copy = copyContainer(value, 0, null);
  } catch (error) {
    throw refusal(error, argument);
  }
  remember(copy as object);
  return copy;
}

/** How `adoptJsonObject` may take an object. */
export interface AdoptJsonOptions {
  /**
   * Every property of the object is a writable value: it was made by an object literal or spread
   * without `get`, `set` or `defineProperty` (`{ ...metadata, commandId }`, as dispatch builds its
   * metadata). Its properties' descriptors are then not looked at (one allocation per key saved).
   * Give it for nothing else: a getter adopted so could answer differently once frozen.
   */
  readonly plainProperties?: boolean;
}

/**
 * `toFrozenJson` for a plain object that its caller has just built and hands over: checked the
 * same way, but frozen in place instead of copied (nested arrays and objects are copied as
 * `toFrozenJson` copies them). `toFrozenJson` then knows it, and returns it as it is: Factum's
 * dispatch builds the metadata of a command's events so, and the store keeps that very object.
 * Never give it an object anything else may still change. An object `toFrozenJson` would change
 * (an undefined property) or cannot adopt (frozen already, an array, a class instance, a getter or
 * a read-only property) is passed to `toFrozenJson`, which copies or refuses it.
 */
export function adoptJsonObject(value: { [key: string]: unknown }, argument: string, options?: AdoptJsonOptions): { [key: string]: JsonValue } {
  const plainProperties = options?.plainProperties === true;
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value) || (proto !== Object.prototype && proto !== null) || Object.isFrozen(value)) {
    return toFrozenJson(value, argument) as { [key: string]: JsonValue };
  }
  try {
    for (const key in value) {
      if (!hasOwn.call(value, key)) continue;
      const item = value[key];
      // JSON drops it: only a copy can. A getter could answer differently once frozen, and a
      // read-only property cannot take its checked value: those are copied too.
      if (item === undefined || (!plainProperties && !isPlainData(value, key))) return toFrozenJson(value, argument) as { [key: string]: JsonValue };
      const keyProblem = textProblem(key, 'object keys');
      if (keyProblem !== null) throw new JsonProblem(keyProblem);
      const checked = typeof item === 'object' && item !== null ? adoptedChild(item, key, value) : copyScalar(item, key);
      // Object.is: -0 comes back as 0, which === would take for the same value.
      if (Object.is(checked, item)) continue;
      if (key === '__proto__') Object.defineProperty(value, key, { value: checked, enumerable: true, writable: true, configurable: true });
      else value[key] = checked;
    }
  } catch (error) {
    throw refusal(error, argument);
  }
  remember(Object.freeze(value));
  return value as { [key: string]: JsonValue };
}

/** Whether `object[key]` is an ordinary writable value, not a getter or a read-only property. */
function isPlainData(object: object, key: string): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  return descriptor !== undefined && descriptor.writable === true && descriptor.get === undefined;
}

/** A container inside an adopted object: as it is when `toFrozenJson` made it, else copied. */
function adoptedChild(item: object, key: string, parent: object): JsonValue {
  for (let slot = 0; slot < RECENT; slot++) if (recent[slot] === item) return item as JsonValue;
  return copyChild(item, key, 0, { value: parent, up: null });
}

function remember(value: object): void {
  recent[nextRecent] = value;
  nextRecent = (nextRecent + 1) % RECENT;
}

/**
 * The last containers `toFrozenJson` returned. One of them handed back is already deep-frozen
 * JSON that nothing can change, so it is returned as it is, not copied again: dispatch checks an
 * event's data in the form the store keeps, and the store's append then gets that very value.
 * Only values made here are in the list, so nothing else, however frozen, skips the copy. The
 * list is short and scanned by identity; it keeps its 16 values alive until newer ones push them
 * out, a bounded cost even for large payloads.
 */
const RECENT = 16;
const recent: (object | undefined)[] = Array.from({ length: RECENT }, () => undefined);
let nextRecent = 0;

function scalarOf(value: unknown, argument: string): JsonValue {
  try {
    return copyScalar(value);
  } catch (error) {
    throw refusal(error, argument);
  }
}

function refusal(error: unknown, argument: string): unknown {
  if (!(error instanceof JsonProblem)) return error;
  return new InvalidInputError(error.atArgument ? argument : describePath(argument, error.segments.reverse()), error.message);
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * JSON equality as a database compares `jsonb`: objects are equal when they have the same keys
 * with equal values, in any order; arrays element by element. What a resend is compared by, and
 * how `emit` tells that a schema gave back the checked data it parsed (key order aside), so `a`
 * may be any value: anything that is not the JSON `b` (an undefined property, a class instance,
 * NaN) makes them differ. Nothing is allocated (it runs for every event emitted), and `b` nests at
 * most `MAX_JSON_DEPTH` deep, so the recursion is bounded.
 */
export function sameJson(a: unknown, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(b)) {
    if (!Array.isArray(a) || a.length !== b.length) return false;
    for (let index = 0; index < b.length; index++) if (!sameJson(a[index], b[index]!)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(a);
  if (Array.isArray(a) || (proto !== Object.prototype && proto !== null)) return false;
  // Every own key of `a` is one of `b` with an equal value, and `b` has no more keys.
  let unmatched = 0;
  for (const key in a) {
    if (!hasOwn.call(a, key)) continue;
    if (!hasOwn.call(b, key) || !sameJson((a as Record<string, unknown>)[key], b[key]!)) return false;
    unmatched--;
  }
  for (const key in b) if (hasOwn.call(b, key)) unmatched++;
  return unmatched === 0;
}

/** Copies and freezes one array or object; `depth` counts the containers around it. */
function copyContainer(source: object, depth: number, up: Ancestor | null): JsonValue {
  if (Array.isArray(source)) {
    const target: JsonValue[] = [];
    let self: Ancestor | null = null;
    const length = source.length;
    for (let index = 0; index < length; index++) {
      const item: unknown = (source as unknown[])[index];
      // Holes of a sparse array read as undefined too; JSON would turn both into null.
      if (item === undefined) throw new JsonProblem('undefined (or an array hole) is not JSON; use null', index);
      if (typeof item === 'object' && item !== null) {
        self ??= { value: source, up };
        target.push(copyChild(item, index, depth, self));
      } else {
        target.push(copyScalar(item, index));
      }
    }
    return Object.freeze(target) as JsonValue;
  }
  const proto: unknown = Object.getPrototypeOf(source);
  if (proto !== Object.prototype && proto !== null) {
    const kind = (source as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw new JsonProblem(`a ${kind} is not a plain JSON object; convert it first (e.g. a Date to an ISO string)`);
  }
  const target: { [key: string]: JsonValue } = {};
  let self: Ancestor | null = null;
  // for-in with an own-key check visits what `Object.keys` lists, in the same order, without
  // building that list for every object copied.
  for (const key in source) {
    if (!hasOwn.call(source, key)) continue;
    const item: unknown = (source as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const keyProblem = textProblem(key, 'object keys');
    if (keyProblem !== null) throw new JsonProblem(keyProblem);
    let copy: JsonValue;
    if (typeof item === 'object' && item !== null) {
      self ??= { value: source, up };
      copy = copyChild(item, key, depth, self);
    } else {
      copy = copyScalar(item, key);
    }
    // A plain assignment to '__proto__' would set the prototype and lose the key that JSON.parse created.
    if (key === '__proto__') Object.defineProperty(target, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else target[key] = copy;
  }
  return Object.freeze(target);
}

/** A container inside `parent` at `at`: checked for a cycle and for depth, then copied. */
function copyChild(item: object, at: PathSegment, depth: number, parent: Ancestor): JsonValue {
  for (let ancestor: Ancestor | null = parent; ancestor !== null; ancestor = ancestor.up) {
    if (ancestor.value === item) throw new JsonProblem('contains a circular reference', at);
  }
  if (depth + 1 >= MAX_JSON_DEPTH) {
    throw new JsonProblem(`is nested more than ${MAX_JSON_DEPTH} arrays or objects deep; the limit is ${MAX_JSON_DEPTH}`, undefined, true);
  }
  try {
    return copyContainer(item, depth + 1, parent);
  } catch (error) {
    if (error instanceof JsonProblem) error.segments.push(at);
    throw error;
  }
}

/** A scalar as JSON keeps it; `at` is where it sits in its container, for a refusal. */
function copyScalar(value: unknown, at?: PathSegment): JsonValue {
  switch (typeof value) {
    case 'string': {
      const problem = textProblem(value, 'strings');
      if (problem !== null) throw new JsonProblem(problem, at);
      return value;
    }
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new JsonProblem(`${value} is not a JSON number`, at);
      // JSON has no negative zero: store the 0 every reader will get back.
      return value === 0 ? 0 : value;
    case 'object':
      if (value === null) return null;
      break;
    default:
      break;
  }
  throw new JsonProblem(`a ${typeof value} is not JSON; use strings, numbers, booleans, null, arrays and plain objects`, at);
}

/** `events[0].data.items[2]`, built only when an error needs it. */
function describePath(argument: string, segments: readonly PathSegment[]): string {
  let path = argument;
  for (const segment of segments) path += typeof segment === 'number' ? `[${segment}]` : `.${segment}`;
  return path;
}
