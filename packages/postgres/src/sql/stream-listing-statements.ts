import type { CheckedListStreamsOptions } from '@factum/event-store';
import type { StoreSchema } from '../schema/store-schema';

export interface StreamListRow {
  stream_id: string;
  version: string;
  deleted: boolean;
  last_event_at: Date;
}

/**
 * The first text after every text that starts with `prefix`, in code point order (`collate "C"`):
 * the prefix with its last code point raised by one. `null` when there is none (only U+10FFFF).
 */
export function prefixEnd(prefix: string): string | null {
  const points = Array.from(prefix, (character) => character.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last < 0x10ffff) return String.fromCodePoint(...points, last === 0xd7ff ? 0xe000 : last + 1);
  }
  return null;
}

/**
 * A page of `listStreams`: the `streams` rows in code point order of their ids (the index of
 * migration 6), after the last id of the previous page. Prefix and category become a range of
 * that index, so a page reads only its own rows; the last event's time comes from the event at
 * the stream's version (the unique (stream_id, version) index), one probe per listed stream.
 */
export function listStreamsStatement(
  schema: StoreSchema,
  options: Omit<CheckedListStreamsOptions, 'limit'>,
  after: string | undefined,
  limit: number,
): { text: string; params: unknown[]; name: string } {
  const params: unknown[] = [];
  const conditions: string[] = [];
  // One prepared statement per combination of conditions: each condition sets a bit of its name.
  let shape = 0;
  const add = (bit: number, condition: (parameter: string) => string, value: unknown): void => {
    params.push(value);
    conditions.push(condition(`$${params.length}::text`));
    shape |= 1 << bit;
  };
  const id = 's.stream_id collate "C"';
  if (after !== undefined) add(0, (value) => `${id} > ${value}`, after);
  if (options.prefix !== undefined) {
    add(1, (value) => `${id} >= ${value}`, options.prefix);
    const end = prefixEnd(options.prefix);
    if (end !== null) add(2, (value) => `${id} < ${value}`, end);
    add(3, (value) => `starts_with(s.stream_id, ${value})`, options.prefix);
  }
  if (options.category !== undefined) {
    // A category's streams are `<category>` itself and `<category>-...`: one range from the bare category.
    add(4, (value) => `${id} >= ${value}`, options.category);
    const end = prefixEnd(`${options.category}-`);
    if (end !== null) add(5, (value) => `${id} < ${value}`, end);
    add(6, (value) => `split_part(s.stream_id, '-', 1) = ${value}`, options.category);
  }
  if (!options.includeDeleted) {
    conditions.push('not s.deleted');
    shape |= 1 << 7;
  }
  params.push(limit);
  return {
    text: `select s.stream_id, s.version::text as version, s.deleted,
        (select e.created_at from ${schema.qualify('events')} e where e.stream_id = s.stream_id and e.version = s.version) as last_event_at
      from ${schema.qualify('streams')} s
      ${conditions.length > 0 ? `where ${conditions.join(' and ')}` : ''}
      order by ${id} limit $${params.length}`,
    params,
    name: schema.statementName(`fxlist${shape.toString(36)}`),
  };
}
