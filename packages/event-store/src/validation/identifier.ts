import { InvalidInputError } from '../errors/store-errors';
import { describeType, noteCleanText, textProblem, utf8ByteLength } from './text';

/**
 * The most UTF-8 bytes an identifier (stream id, event type, event id, causation and correlation
 * id, checkpoint and subscriber name, process key...) may have. Why 1,000: a Postgres btree index
 * row holds at most 2,704 bytes, and the widest Factum indexes hold two identifiers side by side
 * (process name + key, subscriber + event id), so two of them plus the row header must fit. It is
 * counted in bytes, not characters: 1,000 CJK characters are 3,000 bytes and no index takes them.
 */
export const MAX_IDENTIFIER_BYTES = 1000;

/**
 * Why `value` is not a valid identifier, or `null` when it is: a non-empty string without
 * surrounding whitespace, valid Unicode without NUL, at most `MAX_IDENTIFIER_BYTES` in UTF-8.
 */
export function identifierProblem(value: unknown): string | null {
  if (typeof value !== 'string') return `expected a string, got ${describeType(value)}`;
  if (value.length === 0) return 'must not be empty';
  // Slots not filled yet hold '', which never gets here.
  const slot = value.length % ACCEPTED;
  if (accepted[slot] === value) return null;
  if (value.trim() !== value) return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}' has leading or trailing whitespace`;
  const text = textProblem(value, 'identifiers');
  if (text !== null) return text;
  // Every UTF-16 unit is at most 3 bytes: short ids skip the count.
  if (value.length * 3 > MAX_IDENTIFIER_BYTES) {
    const bytes = utf8ByteLength(value);
    if (bytes > MAX_IDENTIFIER_BYTES) return `is ${bytes} bytes long in UTF-8; the limit is ${MAX_IDENTIFIER_BYTES} bytes`;
  }
  accepted[slot] = value;
  return null;
}

/**
 * Identifiers accepted lately, one per slot, the slot chosen by length. One command checks the
 * same few again and again (its stream id when dispatch derives it and when the store appends to
 * it, the event type on every append); the answer depends only on the text, so a string equal to
 * the one in its slot passes at once, without the trim and the scan of its characters. One
 * comparison per check: ids of different lengths (a type, a stream id, a UUID) keep their slots.
 */
const ACCEPTED = 16;
const accepted: string[] = Array.from({ length: ACCEPTED }, () => '');

/**
 * Notes an identifier its maker knows to be valid (an id it generated, which dispatch and the
 * store then check as a command id, a causation id and a metadata value): its checks pass at once.
 */
export function noteIdentifier(value: string): void {
  accepted[value.length % ACCEPTED] = value;
  noteCleanText(value);
}

/** Returns `value` as a valid identifier, or throws `InvalidInputError` naming `argument`. */
export function checkIdentifier(value: unknown, argument: string): string {
  const problem = identifierProblem(value);
  if (problem !== null) throw new InvalidInputError(argument, problem);
  return value as string;
}
