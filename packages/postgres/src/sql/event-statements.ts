import type { EventFilter } from '@factum/event-store';
import type { StoreSchema } from '../schema/store-schema';

/**
 * Every statement of the event store. Values always travel as parameters; the only text spliced
 * in is the schema name (validated by `storeSchema`) and fixed fragments chosen here.
 */

/**
 * What a stream read returns per event: all but the stream id, which the reader knows. Bigints
 * come back as text so both drivers agree, and the time as text, parsed by `parseTimestampText`
 * (faster than the drivers' parsers, same result).
 */
const STREAM_EVENT_COLUMNS = `e.transaction_id::text as transaction_id, e.position::text as position, e.version::text as version,
  e.event_id, e.type, e.schema_version, e.data, e.metadata, e.causation_id, e.correlation_id, e.created_at::text as created_at`;

/** What every other read returns per event. */
export const EVENT_COLUMNS = `${STREAM_EVENT_COLUMNS}, e.stream_id`;

export interface EventRow {
  transaction_id: string;
  position: string;
  stream_id: string;
  version: string | number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  causation_id: string | null;
  correlation_id: string | null;
  /** `timestamptz` text in the ISO date style (`2026-11-30 22:05:52.123456+00`). */
  created_at: string;
}

/** An event of `readStreamStatement`: `EVENT_COLUMNS` but the stream id, which the reader knows. */
export type StreamEventRow = Omit<EventRow, 'stream_id'>;

/**
 * A row of `readStreamStatement`: an event (its `deleted` null), or, when the page is empty, a
 * single row whose event columns are all null and whose `deleted` is the stream's flag.
 */
export type StreamPageRow = (StreamEventRow | { [Column in keyof StreamEventRow]: null }) & { deleted: boolean | null };

/**
 * A page of one stream. At least one row comes back: when the page is empty, a single row whose
 * event columns are all null carries the stream's deleted flag (null: no such stream), so a read
 * past the end, or of a new stream, needs no second statement to tell a missing stream from a
 * deleted one. A deleted stream's page is always that row: its events are not read at all. Event
 * rows leave out what the reader knows or needs only once per read (the stream id, the flag):
 * every column of every row is a string the driver cuts out and converts.
 *
 * The page keeps the order of its index scan: it is joined to a single row, which Postgres can
 * only run as a nested loop over that one row (a top-level ORDER BY would sort every page again,
 * doubling a page's cost on the server); the reader checks the order anyway.
 */
export function readStreamStatement(schema: StoreSchema, direction: 'forward' | 'backward'): string {
  const [comparison, order] = direction === 'forward' ? ['>=', 'asc'] : ['<=', 'desc'];
  return `select ${STREAM_EVENT_COLUMNS}, case when e.event_id is null then stream.deleted end as deleted
    from (select (select s.deleted from ${schema.qualify('streams')} s where s.stream_id = $1) as deleted) stream
    left join lateral (
      select * from ${schema.qualify('events')} p
      where p.stream_id = $1 and p.version ${comparison} $2 and stream.deleted is not true
      order by p.version ${order}
      limit $3
    ) e on true`;
}

/**
 * A read of the log: its bounds, and the reader's filter (types, categories, and a partition of
 * the streams, which migration 9's `stream_hash` serves).
 */
export interface LogQuery extends EventFilter {
  /** The readable horizon (`horizonStatement`), taken before this read: only transactions below it are read. */
  horizon: string;
  after?: { transactionId: string; sequence: string };
  upTo?: { transactionId: string; sequence: string };
  /** Strictly before this place: the next page of a backward read. */
  before?: { transactionId: string; sequence: string };
  /** Only events whose created_at is before this time (ISO text); a filter, since times are not in log order. */
  occurredBefore?: string;
  /** Only events whose created_at is at or after this time (ISO text). */
  occurredFrom?: string;
  /**
   * Leave out events of transactions that had committed in this snapshot (`pg_snapshot` text):
   * a subscription from the head skips events that were committed, but not yet readable, when
   * it started.
   */
  committedIn?: string;
}

function logConditions(schema: StoreSchema, query: LogQuery, params: unknown[]): string {
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = [`e.transaction_id < ${param(query.horizon)}::xid8`];
  if (query.after) conditions.push(`(e.transaction_id, e.position) > (${param(query.after.transactionId)}::xid8, ${param(query.after.sequence)}::bigint)`);
  if (query.upTo) conditions.push(`(e.transaction_id, e.position) <= (${param(query.upTo.transactionId)}::xid8, ${param(query.upTo.sequence)}::bigint)`);
  if (query.before) conditions.push(`(e.transaction_id, e.position) < (${param(query.before.transactionId)}::xid8, ${param(query.before.sequence)}::bigint)`);
  if (query.occurredFrom) conditions.push(`e.created_at >= ${param(query.occurredFrom)}::timestamptz`);
  if (query.occurredBefore) conditions.push(`e.created_at < ${param(query.occurredBefore)}::timestamptz`);
  if (query.types) conditions.push(`e.type = any(${param(query.types)}::text[])`);
  if (query.categories) conditions.push(`e.category = any(${param(query.categories)}::text[])`);
  if (query.partition) {
    // Events stored before migration 9 have no stored hash: theirs is computed, the same one.
    const hash = `coalesce(e.stream_hash, ${schema.qualify('stream_hash_of')}(e.stream_id))`;
    conditions.push(`${hash} % ${param(query.partition.count)}::bigint = ${param(query.partition.index)}::bigint`);
  }
  if (query.committedIn) conditions.push(`not pg_visible_in_snapshot(e.transaction_id, ${param(query.committedIn)}::pg_snapshot)`);
  return conditions.join(' and ');
}

/** A page of the global log, in log order (or newest first), below the readable horizon. */
export function readLogStatement(
  schema: StoreSchema,
  query: LogQuery,
  limit: number,
  direction: 'forward' | 'backward' = 'forward',
): { text: string; params: unknown[]; name: string } {
  const params: unknown[] = [];
  const where = logConditions(schema, query, params);
  params.push(limit);
  // One prepared statement per combination of conditions and direction (the text differs by them);
  // the shape is a bit mask, so the name stays within the 12 characters a statement name keeps.
  const shape = [
    query.after,
    query.upTo,
    query.types,
    query.categories,
    query.committedIn,
    query.occurredBefore,
    query.before,
    query.occurredFrom,
    query.partition,
  ].reduce<number>((mask, part, bit) => (part ? mask | (1 << bit) : mask), 0);
  const order = direction === 'forward' ? 'e.transaction_id, e.position' : 'e.transaction_id desc, e.position desc';
  return {
    text: `select ${EVENT_COLUMNS} from ${schema.qualify('events')} e where ${where}
      order by ${order} limit $${params.length}`,
    params,
    name: schema.statementName(`fxlog${direction[0]}${shape.toString(36)}`),
  };
}

export function countLogStatement(schema: StoreSchema, query: LogQuery, cap?: number): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = logConditions(schema, query, params);
  if (cap === undefined) return { text: `select count(*)::text as count from ${schema.qualify('events')} e where ${where}`, params };
  params.push(cap);
  return {
    text: `select count(*)::text as count from (select 1 from ${schema.qualify('events')} e where ${where} limit $${params.length}) capped`,
    params,
  };
}

/** The last readable event below the horizon ($1). */
export function headStatement(schema: StoreSchema): string {
  return `select e.transaction_id::text as transaction_id, e.position::text as position
    from ${schema.qualify('events')} e where e.transaction_id < $1::xid8
    order by e.transaction_id desc, e.position desc limit 1`;
}

/**
 * The head below the horizon ($1) and the snapshot it was read in, from one statement: a start
 * marker. Every event at or before that head had committed in that snapshot (the horizon was
 * taken before it), so the snapshot alone says what is history.
 */
export function headAndSnapshotStatement(schema: StoreSchema): string {
  return `select pg_current_snapshot()::text as snapshot, head.transaction_id::text as transaction_id, head.position::text as position
    from (select 1) one left join lateral (
      select e.transaction_id, e.position from ${schema.qualify('events')} e where e.transaction_id < $1::xid8
      order by e.transaction_id desc, e.position desc limit 1
    ) head on true`;
}

export function streamStateStatement(schema: StoreSchema): string {
  return `select version::text as version, deleted from ${schema.qualify('streams')} where stream_id = $1`;
}

/** Under the stream row's lock: waits for an append in flight to the stream, then closes it. */
export function deleteStreamStatement(schema: StoreSchema): string {
  return `update ${schema.qualify('streams')} set deleted = true, deleted_at = now(), deleted_reason = $2
    where stream_id = $1 and not deleted`;
}

export function existingEventIdStatement(schema: StoreSchema): string {
  return `select event_id from ${schema.qualify('events')} where event_id = any($1::text[]) limit 1`;
}

export function notifyStatement(): string {
  return 'select pg_notify($1, $2)';
}
