import type { RecordedEvent } from '../contract/events';
import { InvalidInputError } from '../errors/store-errors';
import type { ValidatedEvent } from './append-input';
import { sameJson } from './json-value';
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
    sameJson(stored.data, event.data)
  );
}
