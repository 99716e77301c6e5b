import { InvalidInputError } from '../errors/store-errors';
import { describeValue } from './text';

/**
 * The `occurredBefore` bound of `readAll`: a valid `Date` in the years 1 to 9999 (what a Postgres
 * timestamp and an ISO string both keep, as for snapshot times), or nothing. Returns a copy.
 */
export function checkOccurredBefore(value: unknown, argument = 'occurredBefore'): Date | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime()) || value.getUTCFullYear() > 9999 || value.getUTCFullYear() < 1) {
    throw new InvalidInputError(
      argument,
      `${value instanceof Date ? 'an invalid or out-of-range Date' : describeValue(value)} is not a Date between the years 1 and 9999`,
    );
  }
  return new Date(value.getTime());
}
