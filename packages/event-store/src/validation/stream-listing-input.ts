import type { ListStreamsOptions } from '../contract/stream-listing';
import { InvalidInputError } from '../errors/store-errors';
import { checkLimit } from './append-input';
import { checkIdentifier } from './identifier';
import { checkOptionsObject } from './store-options';
import { describeValue } from './text';

/** `listStreams` options, checked: what a store needs to build its query. */
export interface CheckedListStreamsOptions {
  category: string | undefined;
  prefix: string | undefined;
  after: string | undefined;
  limit: number;
  includeDeleted: boolean;
}

/**
 * Checks `listStreams` options the same way on every store. A prefix follows the rules of an
 * identifier (it is the start of one), so a store can bound an index scan with it.
 */
export function checkListStreamsOptions(options: unknown): CheckedListStreamsOptions {
  const { category, prefix, after, limit, includeDeleted = false } = checkOptionsObject(options) as ListStreamsOptions;
  if (typeof includeDeleted !== 'boolean') throw new InvalidInputError('includeDeleted', `${describeValue(includeDeleted)} is not a boolean`);
  return {
    category: category === undefined ? undefined : checkIdentifier(category, 'category'),
    prefix: prefix === undefined ? undefined : checkIdentifier(prefix, 'prefix'),
    after: after === undefined ? undefined : checkIdentifier(after, 'after'),
    limit: checkLimit(limit) ?? Infinity,
    includeDeleted,
  };
}

/** `readCorrelated` arguments, checked (the position is left to the store, which alone can read it). */
export function checkReadCorrelated(correlationId: unknown, options: unknown): { correlationId: string; after: unknown; limit: number } {
  const id = checkIdentifier(correlationId, 'correlationId');
  const { after, limit } = checkOptionsObject(options);
  return { correlationId: id, after, limit: checkLimit(limit) ?? Infinity };
}
