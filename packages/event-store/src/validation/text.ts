import { InvalidInputError } from '../errors/store-errors';

// A UTF-16 surrogate without its pair: valid in a JS string, but not Unicode text. Postgres
// refuses it in JSON and silently turns it into U+FFFD in text, so it could never round-trip.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** NUL or any surrogate: text without one (nearly all text) needs no closer look. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/**
 * Texts found clean lately, one per slot: the same object keys (`accountId`, `commandId`...) and
 * types are checked on every event, and the answer depends only on the text, so one comparison
 * with the text in its slot replaces the scan. The empty string in unused slots is clean too.
 */
const CLEAN_SLOTS = 64;
const clean: string[] = Array.from({ length: CLEAN_SLOTS }, () => '');

/**
 * The slot of a text: its length mixed with its middle and last characters. By length alone, the
 * keys one event carries collide often (`accountId` and `commandId`, then `commandType` and a
 * stream id of the same length) and push each other out on every event.
 */
function cleanSlot(text: string): number {
  // An empty text reads NaN here, and NaN & 63 is 0.
  return (text.length * 5 + text.charCodeAt(text.length - 1) * 3 + text.charCodeAt(text.length >> 1)) & (CLEAN_SLOTS - 1);
}

/** Notes a text its maker knows to be clean (a generated id): its next check passes at once. */
export function noteCleanText(text: string): void {
  clean[cleanSlot(text)] = text;
}

/**
 * Why `text` cannot be stored exactly, or `null` when it can: NUL (Postgres text and jsonb refuse
 * it) and lone surrogates (no UTF-8 encoding exists for them). Every string a store keeps, from
 * identifiers to JSON values and deletion reasons, passes this check, so every store refuses the
 * same strings with the same error.
 */
export function textProblem(text: string, what: string): string | null {
  const slot = cleanSlot(text);
  if (clean[slot] === text) return null;
  // One scan for the common case; it runs for every identifier, key and string value stored.
  if (!SUSPECT.test(text)) {
    clean[slot] = text;
    return null;
  }
  if (text.includes('\u0000')) return `${what} cannot contain the NUL character (\\u0000)`;
  if (LONE_SURROGATE.test(text)) return `${what} cannot contain a lone UTF-16 surrogate (half of an emoji or other astral character)`;
  return null;
}

/** Throws `InvalidInputError` naming `path` when `textProblem` finds one. */
export function checkText(text: string, path: string, what: string): void {
  const problem = textProblem(text, what);
  if (problem !== null) throw new InvalidInputError(path, problem);
}

/** Free text a store keeps but never indexes (a deletion reason, an error message): any length, valid Unicode. */
export function checkOptionalText(value: unknown, path: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new InvalidInputError(path, `expected a string, got ${describeType(value)}`);
  checkText(value, path, 'text');
  return value;
}

const UNKEEPABLE = new RegExp(`\u0000|${LONE_SURROGATE.source}`, 'g');

/**
 * `text` with NUL and lone surrogates replaced by U+FFFD: for diagnostic text (an error message
 * quoting hostile input) that is better kept altered than refused.
 */
export function toKeepableText(text: string): string {
  return text.replace(UNKEEPABLE, '\uFFFD');
}

/**
 * The length of `text` in UTF-8 bytes: what a database index holds, and so what identifier limits
 * count. `text.length` counts UTF-16 units, a third of the bytes for CJK text.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    // Each half of a surrogate pair counts 2: together the 4 bytes of their code point.
    else if (unit >= 0xd800 && unit <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/** `typeof`, but telling null and arrays apart, for error messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * A short description of any value for an error message. Never throws: `String()` does for
 * symbols and for objects without a prototype, and an error message must not turn a refusal
 * into a TypeError.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${value.toString()}n`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      if (value === null) return 'null';
      if (Array.isArray(value)) return 'an array';
      if (value instanceof Date) return 'a Date';
      return 'an object';
  }
}
