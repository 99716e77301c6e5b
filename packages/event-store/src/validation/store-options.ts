import type { ReadDirection, ReadStreamOptions } from '../contract/read';
import { InvalidInputError } from '../errors/store-errors';
import { checkLimit } from './append-input';
import { checkOptionalText, describeType, describeValue } from './text';

/**
 * An options argument: nothing, or a plain object. Checked first, because reading a field of
 * `null` or of a string would fail with a TypeError or silently find nothing.
 */
export function checkOptionsObject(options: unknown, argument = 'options'): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidInputError(argument, `expected an options object or nothing, got ${describeType(options)}`);
  }
  return options as Record<string, unknown>;
}

/** A read direction: `'forward'` (the default) or `'backward'`. */
export function checkDirection(direction: unknown = 'forward'): ReadDirection {
  if (direction !== 'forward' && direction !== 'backward') {
    throw new InvalidInputError('direction', `${describeValue(direction)} is neither 'forward' nor 'backward'`);
  }
  return direction;
}

/** `readStream` options, checked and with their defaults. */
export function checkReadStreamOptions(options: unknown): { direction: ReadDirection; fromVersion: number | undefined; limit: number } {
  const { direction, fromVersion, limit } = checkOptionsObject(options) as ReadStreamOptions;
  return { direction: checkDirection(direction), fromVersion: checkLimit(fromVersion, 'fromVersion'), limit: checkLimit(limit) ?? Infinity };
}

/** `deleteStream` options: the reason is kept with the stream, so it must be text a store can keep. */
export function checkDeleteStreamOptions(options: unknown): { reason: string | null } {
  return { reason: checkOptionalText(checkOptionsObject(options).reason, 'reason') };
}
