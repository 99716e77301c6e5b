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

/** An array or object being copied: the walk keeps its own stack, so depth never costs JS stack. */
interface Frame {
  readonly source: object;
  readonly target: JsonValue[] | { [key: string]: JsonValue };
  /** `null` for an array (walked by index). */
  readonly keys: string[] | null;
  readonly length: number;
  next: number;
  /** Where the container sits in its parent. */
  readonly at: PathSegment | undefined;
}

/**
 * Checks that `value` survives a round trip through JSON (and Postgres JSONB) unchanged and
 * returns a deep-frozen copy of it, so a stored event can never be mutated afterwards by the
 * caller that appended it nor by a reader. Object properties that are `undefined` are dropped,
 * as JSON does; anything JSON would silently change or lose, or nested deeper than
 * `MAX_JSON_DEPTH`, is refused with `InvalidInputError` and the path to it.
 */
export function toFrozenJson(value: unknown, argument: string): JsonValue {
  if (typeof value !== 'object' || value === null) return copyScalar(value, () => argument);
  const frames: Frame[] = [];
  const ancestors = new Set<object>();
  const pathTo = (last?: PathSegment): string => describePath(argument, frames, last);

  const open = (source: object, at: PathSegment | undefined): void => {
    if (ancestors.has(source)) throw new InvalidInputError(pathTo(at), 'contains a circular reference');
    if (frames.length >= MAX_JSON_DEPTH) {
      throw new InvalidInputError(argument, `is nested more than ${MAX_JSON_DEPTH} arrays or objects deep; the limit is ${MAX_JSON_DEPTH}`);
    }
    if (Array.isArray(source)) {
      frames.push({ source, target: [], keys: null, length: source.length, next: 0, at });
    } else {
      const proto: unknown = Object.getPrototypeOf(source);
      if (proto !== Object.prototype && proto !== null) {
        const kind = (source as { constructor?: { name?: string } }).constructor?.name ?? 'object';
        throw new InvalidInputError(pathTo(at), `a ${kind} is not a plain JSON object; convert it first (e.g. a Date to an ISO string)`);
      }
      const keys = Object.keys(source);
      frames.push({ source, target: {}, keys, length: keys.length, next: 0, at });
    }
    ancestors.add(source);
  };

  open(value, undefined);
  for (;;) {
    const frame = frames[frames.length - 1]!;
    if (frame.next < frame.length) {
      const index = frame.next++;
      let at: PathSegment;
      let item: unknown;
      if (frame.keys === null) {
        at = index;
        item = (frame.source as unknown[])[index];
        // Holes of a sparse array read as undefined too; JSON would turn both into null.
        if (item === undefined) throw new InvalidInputError(pathTo(at), 'undefined (or an array hole) is not JSON; use null');
      } else {
        at = frame.keys[index]!;
        item = (frame.source as Record<string, unknown>)[at];
        if (item === undefined) continue;
        // The path is built only for an error: this loop runs for every key of every event.
        const keyProblem = textProblem(at, 'object keys');
        if (keyProblem !== null) throw new InvalidInputError(pathTo(), keyProblem);
      }
      if (typeof item === 'object' && item !== null) open(item, at);
      else put(frame, at, copyScalar(item, pathTo, at));
      continue;
    }
    frames.pop();
    ancestors.delete(frame.source);
    const done = Object.freeze(frame.target) as JsonValue;
    const parent = frames[frames.length - 1];
    if (!parent) return done;
    put(parent, frame.at!, done);
  }
}

function put(frame: Frame, at: PathSegment, item: JsonValue): void {
  if (frame.keys === null) {
    (frame.target as JsonValue[]).push(item);
    return;
  }
  const target = frame.target as { [key: string]: JsonValue };
  // A plain assignment to '__proto__' would set the prototype and lose the key that JSON.parse created.
  if (at === '__proto__') Object.defineProperty(target, at, { value: item, enumerable: true, writable: true, configurable: true });
  else target[at] = item;
}

/** A scalar as JSON keeps it; `pathOf(at)` names it in an error (built only then). */
function copyScalar(value: unknown, pathOf: (at?: PathSegment) => string, at?: PathSegment): JsonValue {
  switch (typeof value) {
    case 'string': {
      const problem = textProblem(value, 'strings');
      if (problem !== null) throw new InvalidInputError(pathOf(at), problem);
      return value;
    }
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidInputError(pathOf(at), `${value} is not a JSON number`);
      // JSON has no negative zero: store the 0 every reader will get back.
      return value === 0 ? 0 : value;
    case 'object':
      if (value === null) return null;
      break;
    default:
      break;
  }
  throw new InvalidInputError(pathOf(at), `a ${typeof value} is not JSON; use strings, numbers, booleans, null, arrays and plain objects`);
}

/** `events[0].data.items[2]`, built only when an error needs it. */
function describePath(argument: string, frames: readonly Frame[], last?: PathSegment): string {
  let path = argument;
  const segments = frames.slice(1).map((frame) => frame.at!);
  if (last !== undefined) segments.push(last);
  for (const segment of segments) path += typeof segment === 'number' ? `[${segment}]` : `.${segment}`;
  return path;
}
