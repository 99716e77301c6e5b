import type { JsonValue, RecordedEvent } from '../contract/events';
import { InvalidInputError } from '../errors/store-errors';
import type { ValidatedEvent } from './append-input';
import { describeValue } from './text';

/** The `acceptResends` append option: absent means false; anything but a boolean is refused. */
export function checkAcceptResends(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  throw new InvalidInputError('acceptResends', `${describeValue(value)} is not a boolean`);
}

/**
 * Whether `event`, appended to `streamId` with `acceptResends`, is the same event as `stored`:
 * same stream, type, schema version and data. Metadata, causation and correlation ids describe
 * an attempt (a trace id, a retry count) rather than the fact, so a resend may differ in them.
 */
export function isResendOf(stored: RecordedEvent, streamId: string, event: ValidatedEvent): boolean {
  return (
    stored.eventId === event.eventId &&
    stored.streamId === streamId &&
    stored.type === event.type &&
    stored.schemaVersion === event.schemaVersion &&
    sameJson(stored.data as JsonValue, event.data)
  );
}

/**
 * JSON equality as a database compares `jsonb`: objects are equal when they have the same keys
 * with equal values, in any order; arrays element by element. Inputs are validated JSON (at most
 * `MAX_JSON_DEPTH` deep), so the recursion is bounded.
 */
export function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameJson(item, b[index]!));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && sameJson(a[key]!, b[key]!));
}
