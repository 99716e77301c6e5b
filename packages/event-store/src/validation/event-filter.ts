import type { EventFilter } from '../contract/read';
import { MAX_PARTITIONS, type StreamPartition } from '../contract/stream-partition';
import { InvalidInputError } from '../errors/store-errors';
import { describeValue } from './text';
import { checkIdentifier } from './identifier';

/**
 * Validates a read filter. Checked because a mistyped filter (a string where an array belongs)
 * would otherwise match by substring or match nothing, silently.
 */
export function checkFilter(filter: unknown, argument = 'filter'): EventFilter | undefined {
  if (filter === undefined) return undefined;
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    throw new InvalidInputError(argument, 'expected an object like { types: [...], categories: [...] }');
  }
  const { types, categories, partition } = filter as { types?: unknown; categories?: unknown; partition?: unknown };
  const checked: EventFilter = { types: checkNames(types, `${argument}.types`), categories: checkNames(categories, `${argument}.categories`) };
  if (partition !== undefined) checked.partition = checkPartition(partition, `${argument}.partition`);
  return checked;
}

function checkNames(names: unknown, argument: string): readonly string[] | undefined {
  if (names === undefined) return undefined;
  if (!Array.isArray(names)) throw new InvalidInputError(argument, 'expected an array of strings');
  return names.map((name: unknown, index) => checkIdentifier(name, `${argument}[${index}]`));
}

function checkPartition(partition: unknown, argument: string): StreamPartition {
  if (typeof partition !== 'object' || partition === null || Array.isArray(partition)) {
    throw new InvalidInputError(argument, 'expected an object like { index: 0, count: 4 }');
  }
  const { index, count } = partition as { index?: unknown; count?: unknown };
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_PARTITIONS) {
    throw new InvalidInputError(`${argument}.count`, `${describeValue(count)} is not a whole number from 1 to ${MAX_PARTITIONS}`);
  }
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new InvalidInputError(`${argument}.index`, `${describeValue(index)} is not a whole number from 0 to ${count - 1}`);
  }
  return { index, count };
}
