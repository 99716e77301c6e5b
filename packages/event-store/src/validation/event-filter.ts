import type { EventFilter } from '../contract/read';
import { InvalidInputError } from '../errors/store-errors';
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
  const { types, categories } = filter as { types?: unknown; categories?: unknown };
  return { types: checkNames(types, `${argument}.types`), categories: checkNames(categories, `${argument}.categories`) };
}

function checkNames(names: unknown, argument: string): readonly string[] | undefined {
  if (names === undefined) return undefined;
  if (!Array.isArray(names)) throw new InvalidInputError(argument, 'expected an array of strings');
  return names.map((name: unknown, index) => checkIdentifier(name, `${argument}[${index}]`));
}
