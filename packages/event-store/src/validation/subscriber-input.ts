import type { SetCheckpointOptions } from '../contract/checkpoint-store';
import type { NewDeadLetter } from '../contract/dead-letter-store';
import type { JsonValue } from '../contract/events';
import type { GlobalPosition } from '../contract/position';
import type { SaveProcessInstance } from '../contract/process-state-store';
import type { Snapshot } from '../contract/snapshot-store';
import { InvalidInputError } from '../errors/store-errors';
import { MAX_SCHEMA_VERSION } from './append-input';
import { checkIdentifier } from './identifier';
import { toFrozenJson } from './json-value';
import { checkOptionalText, describeType, describeValue } from './text';
import { checkOptionsObject } from './store-options';

// What checkpoint, snapshot, process-state and dead-letter stores are given, checked the same way
// for every store: what the in-memory stores accept, Postgres keeps, and what Postgres would
// refuse with a raw database error, every store refuses first with InvalidInputError.

/** Postgres keeps attempt counts in an `integer` column. */
const MAX_INTEGER_COLUMN = 2_147_483_647;

function object(value: unknown, argument: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(argument, `expected an object, got ${describeType(value)}`);
  }
  return value as Record<string, unknown>;
}

export function wholeNumber(value: unknown, argument: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  // `+ 0` turns -0 into 0: the same whole number, and the one every store gives back.
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value + 0;
  throw new InvalidInputError(argument, `${describeValue(value)} is not a whole number from ${min} to ${max}`);
}

/** The fencing option of `CheckpointStore.set`: `undefined` (no fencing), `null` (no checkpoint yet) or a position. */
export function checkSetCheckpointOptions(options: unknown): { expected: GlobalPosition | null | undefined } {
  const { expected } = checkOptionsObject(options) as SetCheckpointOptions;
  if (expected === undefined || expected === null) return { expected };
  return { expected: checkIdentifier(expected, 'expected') as GlobalPosition };
}

export interface ValidatedSnapshot {
  streamId: string;
  version: number;
  schemaVersion: number;
  state: JsonValue;
  takenAt: Date;
}

export function checkSnapshot(snapshot: unknown): ValidatedSnapshot {
  const input = object(snapshot, 'snapshot') as Partial<Snapshot>;
  const streamId = checkIdentifier(input.streamId, 'snapshot.streamId');
  const version = wholeNumber(input.version, 'snapshot.version', 0);
  const schemaVersion = wholeNumber(input.schemaVersion, 'snapshot.schemaVersion', 1, MAX_SCHEMA_VERSION);
  const takenAt = input.takenAt;
  // Postgres timestamps end at year 294276; a Date can go further.
  if (!(takenAt instanceof Date) || Number.isNaN(takenAt.getTime()) || takenAt.getUTCFullYear() > 9999 || takenAt.getUTCFullYear() < 1) {
    throw new InvalidInputError('snapshot.takenAt', 'expected a valid Date between the years 1 and 9999');
  }
  return { streamId, version, schemaVersion, state: toFrozenJson(input.state, 'snapshot.state'), takenAt: new Date(takenAt.getTime()) };
}

export function checkProcessInstance(instance: unknown): SaveProcessInstance {
  const input = object(instance, 'instance') as Partial<SaveProcessInstance>;
  return {
    processName: checkIdentifier(input.processName, 'processName'),
    key: checkIdentifier(input.key, 'key'),
    state: toFrozenJson(input.state, 'process state'),
    position: input.position === null ? null : (checkIdentifier(input.position, 'position') as GlobalPosition),
  };
}

/** A dead letter: identifiers as everywhere, and the error's text free but valid Unicode (no NUL). */
export function checkDeadLetter(letter: unknown): NewDeadLetter {
  const input = object(letter, 'deadLetter') as Partial<NewDeadLetter>;
  const error = object(input.error, 'deadLetter.error') as Partial<NewDeadLetter['error']>;
  const name = checkOptionalText(error.name, 'deadLetter.error.name');
  const message = checkOptionalText(error.message, 'deadLetter.error.message');
  if (name === null || message === null) throw new InvalidInputError('deadLetter.error', 'needs a name and a message');
  return {
    subscriber: checkIdentifier(input.subscriber, 'subscriber'),
    eventId: checkIdentifier(input.eventId, 'eventId'),
    eventType: checkIdentifier(input.eventType, 'deadLetter.eventType'),
    streamId: checkIdentifier(input.streamId, 'deadLetter.streamId'),
    version: wholeNumber(input.version, 'deadLetter.version', 1),
    position: checkIdentifier(input.position, 'deadLetter.position') as GlobalPosition,
    error: {
      name,
      message,
      code: checkOptionalText(error.code, 'deadLetter.error.code'),
      stack: checkOptionalText(error.stack, 'deadLetter.error.stack'),
    },
    attempts: wholeNumber(input.attempts, 'deadLetter.attempts', 0, MAX_INTEGER_COLUMN),
  };
}
