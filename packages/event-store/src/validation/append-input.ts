import type { AppendOptions, ExpectedVersion } from '../contract/append';
import type { EventMetadata, JsonValue, NewEvent } from '../contract/events';
import { InvalidInputError } from '../errors/store-errors';
import { checkIdentifier, identifierProblem } from './identifier';
import { toFrozenJson } from './json-value';
import { checkAcceptResends } from './resends';
import { describeType, describeValue } from './text';
import { randomId } from '../ids/random-id';

/** An event that passed validation: everything a store needs to write it, normalised. */
export interface ValidatedEvent {
  type: string;
  data: JsonValue;
  eventId: string;
  schemaVersion: number;
  causationId: string | null;
  correlationId: string | null;
  metadata: EventMetadata;
}

/**
 * The largest schema version: Postgres keeps it in an `integer` column, so a larger one would be
 * refused by the database after validation, as a raw error.
 */
export const MAX_SCHEMA_VERSION = 2_147_483_647;

export { checkIdentifier };

/** The metadata of every event appended without any: one frozen object, shared. */
const NO_METADATA: EventMetadata = Object.freeze({});

export function checkExpectedVersion(expected: unknown): ExpectedVersion {
  if (expected === 'any' || expected === 'no-stream' || expected === 'exists') return expected;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return expected;
  throw new InvalidInputError('expectedVersion', `${describeValue(expected)} is not a version (a whole number ≥ 0) nor 'any', 'no-stream' or 'exists'`);
}

/**
 * Validates a whole append before anything is written, so that bad input is refused with a
 * clear error and never half-stored. Shared by every Factum store for identical behaviour.
 * An event without an id gets one from `newEventId` (a random UUID unless a store makes its
 * own), different from every other id of the append.
 */
export function validateAppend(
  streamId: unknown,
  events: unknown,
  options: AppendOptions | undefined,
  newEventId: () => string = randomId,
): { streamId: string; events: ValidatedEvent[]; expectedVersion: ExpectedVersion; acceptResends: boolean } {
  const id = checkIdentifier(streamId, 'streamId');
  // Checked as a whole: a store reads more than expectedVersion from it (a transaction...), and null.x throws a TypeError.
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new InvalidInputError('options', `expected an object like { expectedVersion } or nothing, got ${describeType(options)}`);
  }
  if (!Array.isArray(events)) throw new InvalidInputError('events', 'expected an array of events');
  if (events.length === 0) throw new InvalidInputError('events', `append to '${id}' has no events`);
  // Only a missing option means 'any': a null that slipped through must not switch the check off.
  const expectedVersion = options?.expectedVersion === undefined ? 'any' : checkExpectedVersion(options.expectedVersion);
  const acceptResends = checkAcceptResends(options?.acceptResends);
  // A single event cannot repeat an id: most appends are one event, and need no set.
  const seen = events.length > 1 ? new Set<string>() : null;
  let missingIds = 0;
  // A plain loop (no closure per append) into an array made at its final length (an empty array
  // that push grows allocates room for sixteen).
  const validated = new Array<ValidatedEvent>(events.length);
  for (let index = 0; index < events.length; index++) {
    const event = validateEvent(events[index] as NewEvent, index, seen);
    if (event.eventId === '') missingIds++;
    validated[index] = event;
  }
  // Generated after the chosen ids are all in `seen`, so that none can repeat one of them.
  if (missingIds > 0) {
    for (const event of validated) if (event.eventId === '') event.eventId = unusedId(newEventId, seen);
  }
  return { streamId: id, events: validated, expectedVersion, acceptResends };
}

/** One event of an append, checked and normalised; its id is '' when the caller gave none. */
function validateEvent(event: NewEvent, index: number, seen: Set<string> | null): ValidatedEvent {
  if (typeof event !== 'object' || event === null) throw new InvalidInputError(`events[${index}]`, 'expected an event object');
  // '' (never a valid id) until every chosen id is known: see below.
  const eventId = event.eventId === undefined ? '' : eventIdentifier(event.eventId, index, 'eventId');
  if (eventId !== '' && seen !== null) {
    if (seen.has(eventId)) throw new InvalidInputError(eventArgument(index, 'eventId'), `'${eventId}' appears twice in one append`);
    seen.add(eventId);
  }
  const schemaVersion = event.schemaVersion === undefined ? 1 : event.schemaVersion;
  if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > MAX_SCHEMA_VERSION) {
    throw new InvalidInputError(eventArgument(index, 'schemaVersion'), `${describeValue(schemaVersion)} is not a whole number from 1 to ${MAX_SCHEMA_VERSION}`);
  }
  if (event.data === undefined) throw new InvalidInputError(eventArgument(index, 'data'), 'is missing (use null for no data)');
  const metadata = event.metadata === undefined ? NO_METADATA : eventJson(event.metadata, index, 'metadata');
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new InvalidInputError(eventArgument(index, 'metadata'), 'must be a plain object');
  }
  // Checked in this order, so that the first problem is the one named.
  const type = eventIdentifier(event.type, index, 'type');
  const data = eventJson(event.data, index, 'data');
  const causationId = event.causationId === undefined ? null : eventIdentifier(event.causationId, index, 'causationId');
  // Often the very id of the causation (a command from outside starts its own conversation): checked once.
  const correlation = event.correlationId;
  const correlationId = correlation === undefined ? null : correlation === causationId ? causationId : eventIdentifier(correlation, index, 'correlationId');
  return { type, data, eventId, schemaVersion, causationId, correlationId, metadata: metadata as EventMetadata };
}

/**
 * Names a field of the append's `index`-th event (`events[2].data`) in an error. Built only when
 * one is thrown: an append checks five or six fields of every event, and nearly all pass.
 */
function eventArgument(index: number, field: string): string {
  return `events[${index}].${field}`;
}

/** `checkIdentifier` for a field of the append's `index`-th event. */
function eventIdentifier(value: unknown, index: number, field: string): string {
  const problem = identifierProblem(value);
  if (problem !== null) throw new InvalidInputError(eventArgument(index, field), problem);
  return value as string;
}

/** `toFrozenJson` for a field of the append's `index`-th event; a refusal names the path from `events[index]`. */
function eventJson(value: unknown, index: number, field: string): JsonValue {
  try {
    return toFrozenJson(value, field);
  } catch (error) {
    if (error instanceof InvalidInputError) throw new InvalidInputError(`events[${index}].${error.argument}`, error.problem);
    throw error;
  }
}

function unusedId(newEventId: () => string, seen: Set<string> | null): string {
  let id = newEventId();
  if (seen === null) return id;
  while (seen.has(id)) id = newEventId();
  seen.add(id);
  return id;
}

/** Whether a stream at `actual` (0 = no events) satisfies `expected`. */
export function expectedVersionHolds(expected: ExpectedVersion, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return actual === 0;
    case 'exists':
      return actual > 0;
    default:
      return actual === expected;
  }
}

export function checkLimit(limit: unknown, argument = 'limit'): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit === 'number' && Number.isSafeInteger(limit) && limit >= 0) return limit;
  throw new InvalidInputError(argument, `${describeValue(limit)} is not a whole number ≥ 0`);
}
