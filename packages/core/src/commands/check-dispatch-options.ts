import { checkIdentifier, checkOptionsObject, describeValue, InvalidInputError, toFrozenJson, type JsonValue } from '@factum/event-store';
import type { DispatchOptions, UserMetadata } from './dispatch-options';

const NO_OPTIONS: DispatchOptions = Object.freeze({});

/** setTimeout's limit: a longer timeout would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * Checks dispatch options before anything runs, so a bad option is an `InvalidInputError` naming
 * it, never a TypeError, a silently coerced value (`metadata: [1, 2]` stored as `{"0":1,"1":2}`)
 * or a rejection after the events were appended (a negative `timeoutMs`). Returns the options
 * with metadata copied (and frozen) once: later changes to the caller's object do not leak in.
 */
export function checkDispatchOptions(options: unknown): DispatchOptions {
  // Most commands come without options: they all share one frozen empty object.
  if (options === undefined) return NO_OPTIONS;
  const input = checkOptionsObject(options) as DispatchOptions;
  const checked: DispatchOptions = { ...input };
  for (const name of ['commandId', 'correlationId', 'causationId'] as const) {
    if (input[name] !== undefined) checkIdentifier(input[name], `options.${name}`);
  }
  if (input.metadata !== undefined) checked.metadata = checkMetadata(input.metadata);
  const { consistency, timeoutMs } = input;
  if (consistency !== undefined && consistency !== 'eventual' && consistency !== 'strong') {
    if (!Array.isArray(consistency)) {
      throw new InvalidInputError('options.consistency', `${describeValue(consistency)} is not 'eventual', 'strong' or a list of subscriber names`);
    }
    const names = (consistency as unknown[]).map((name, index) => checkIdentifier(name, `options.consistency[${index}]`));
    checked.consistency = Object.freeze(names);
  }
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && Number.isSafeInteger(timeoutMs) && timeoutMs >= 0 && timeoutMs <= MAX_TIMEOUT_MS)) {
    throw new InvalidInputError('options.timeoutMs', `${describeValue(timeoutMs)} is not a whole number of milliseconds from 0 to ${MAX_TIMEOUT_MS}`);
  }
  return checked;
}

function checkMetadata(metadata: unknown): UserMetadata {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new InvalidInputError('options.metadata', `expected a plain object of JSON values, got ${describeValue(metadata)}`);
  }
  return toFrozenJson(metadata, 'options.metadata') as { [key: string]: JsonValue };
}
