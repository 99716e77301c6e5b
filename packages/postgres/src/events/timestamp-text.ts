import { types } from 'pg';

/** The driver's own parser: the reference for every form the fast path below does not take. */
const driverParse = types.getTypeParser(types.builtins.TIMESTAMPTZ) as (text: string) => Date;

const ZERO = 48;

/** The value of `length` decimal digits of `text` from `at`, or -1 when one is not a digit. */
function digits(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * A `timestamptz` as Postgres writes it in text with the ISO date style (the default, and what the
 * driver's own parser expects): `2026-11-30 22:05:52.123456+00`, the offset as `±hh`, `±hh:mm` or
 * `±hh:mm:ss`. JavaScript keeps milliseconds, so the fraction is cut to them, as the driver does.
 *
 * Event reads take `created_at` as text and parse it here: the driver's parser (regular
 * expressions and string splits) was a twentieth of a catch-up's CPU. A year before 100 or after
 * 9999, BC, `infinity`, or any other form goes to the driver's parser, so every value parses
 * exactly as before.
 */
export function parseTimestampText(text: string): Date {
  const fast = fastParse(text);
  return fast === null ? driverParse(text) : new Date(fast);
}

function fastParse(text: string): number | null {
  if (text.length < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32) return null;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 100 || month < 1 || day < 1 || hour < 0 || minute < 0 || second < 0) return null;
  let at = 19;
  let millis = 0;
  if (text.charCodeAt(at) === 46) {
    // Up to six fraction digits; the first three are the milliseconds (".1" is 100 ms).
    let count = 0;
    for (at++; count < 6; at++, count++) {
      const digit = text.charCodeAt(at) - ZERO;
      if (!(digit >= 0 && digit <= 9)) break;
      if (count < 3) millis = millis * 10 + digit;
    }
    if (count === 0) return null;
    for (let pad = count; pad < 3; pad++) millis *= 10;
  }
  const sign = text.charCodeAt(at);
  if (sign !== 43 && sign !== 45) return null;
  let offset = digits(text, at + 1, 2);
  if (offset < 0) return null;
  offset *= 3600;
  at += 3;
  // Then optional minutes, and seconds after them.
  for (let unit = 60; at < text.length; unit = unit === 60 ? 1 : 0) {
    const part = unit > 0 && text.charCodeAt(at) === 58 ? digits(text, at + 1, 2) : -1;
    if (part < 0) return null;
    offset += part * unit;
    at += 3;
  }
  if (at !== text.length) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - (sign === 43 ? offset : -offset) * 1000;
}
