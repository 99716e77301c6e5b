import type { StoreSchema } from '../schema/store-schema';
import { appenderLockClass, appenderLocksRelation } from './horizon-statement';

/**
 * The whole append as one statement, so it costs one round trip and (prepared under a name)
 * one plan. Parameters: $1 stream id, $2 expected version (null = any, -1 = the stream exists,
 * n >= 0 = the stream is at n; 0 = no stream), $3 the events as a JSON array of objects
 * `{ i: eventId, t: type, v: schemaVersion, d: data, m: metadata, c: causationId, r:
 * correlationId }` (`PayloadEvent`, parsed once per event by `incomingEvents`): one parameter
 * whatever the batch size, far from the 65,535-parameter limit; $4 the stream id's
 * `partitionHash` (migration 9). It is read as `json`, not
 * `jsonb`, so each event's data and metadata reach the `json` columns as the text the client
 * wrote (key order and all; see migration 5).
 *
 * The order of the steps is what makes it correct:
 * 0. `announced`: a transaction that already has an id must already be an appender of this
 *    store (hold one of its appender locks from an earlier append). Readers wait only for
 *    appenders (sql/horizon-statement.ts), and that is sound only if every appender became one
 *    before it had an id; otherwise `refuse_append` raises FX005 and nothing is written.
 * 1. `lock`: writers of one stream queue on a transaction-scoped advisory lock (two-key form,
 *    first key per schema) *before* their transaction takes an id. The lock also announces the
 *    transaction as an appender to readers. A stream's appends get increasing transaction ids,
 *    and the global log, ordered by transaction id, keeps every stream in version order.
 *    Writers of different streams never wait for each other.
 * 2. `stream`: the stream row is created or its version bumped. ON CONFLICT DO UPDATE works on
 *    the latest committed row and locks it, whatever the statement's snapshot, so the version
 *    it returns is the real one. Its transaction id is taken here, after the lock.
 * 3. `checked`: deleted stream, expected version, and stream order (a transaction that had an
 *    id before the lock, because it wrote something earlier, may be older than the stream's
 *    last writer) are checked here, where `refuse_append` raises: before any position is
 *    drawn, so a refused writer draws nothing, and its row bump rolls back with it.
 * 4. `inserted`: the events, positions drawn in version order (the sort runs before the
 *    volatile nextval is evaluated).
 * One row comes back whatever the batch size: the positions as one comma-separated list in
 * version order; created_at is the transaction's now(), the same for every event.
 */
export function appendStatement(schema: StoreSchema): string {
  const q = schema.qualify;
  return `with ${announceAndLock(schema)},
    ${incomingEvents()},
    counted as materialized (
      select count(*) as n from incoming
    ),
    ${bumpAndCheckStream(schema)},
    inserted as (
      insert into ${q('events')} as e
        (position, transaction_id, stream_id, stream_hash, version, event_id, type, schema_version, data, metadata, causation_id, correlation_id)
      select nextval('${q('events_position_seq')}'), pg_current_xact_id(), $1::text, $4::bigint, c.current_version + t.ord,
             t.event_id, t.type, t.schema_version, t.data, t.metadata, t.causation_id, t.correlation_id
      from checked c cross join incoming t
      order by t.ord
      returning e.position, e.version
    )
    select pg_current_xact_id()::text as o_transaction_id, min(i.version)::text as o_first_version,
      string_agg(i.position::text, ',' order by i.version) as o_positions, now() as o_created_at
    from inserted i`;
}

/**
 * The call's events as rows, each element of the payload ($3) parsed once: `json_to_recordset`
 * takes every field of an element in one pass (the `->` operators on `json` would parse the
 * element again for each field). `d` and `m` stay \`json\`, their text exactly as sent; a JSON
 * null comes back as SQL null and is put back. Needs `lock` (see `announceAndLock`) before it.
 */
export function incomingEvents(): string {
  return `incoming as materialized (
      select x.i as event_id, x.t as type, x.v as schema_version, coalesce(x.d, 'null'::json) as data,
        coalesce(x.m, '{}'::json) as metadata, x.c as causation_id, x.r as correlation_id, x.ord
      from lock cross join rows from (
        json_to_recordset($3::json) as (i text, t text, v integer, d json, m json, c text, r text)
      ) with ordinality as x(i, t, v, d, m, c, r, ord)
    )`;
}

/** What the payload ($3) of both append statements holds per event, as built by the store. */
export interface PayloadEvent {
  i: string;
  t: string;
  v: number;
  d: unknown;
  m: unknown;
  c: string | null;
  r: string | null;
}

/**
 * Steps 2 and 3 of an append, shared by both statements: `stream` creates the stream row or bumps
 * its version by the `counted` new events (none: nothing is written), and `checked` raises, before
 * any position is drawn, for a deleted stream, a wrong expected version or a stream order
 * conflict (see `appendStatement`).
 */
export function bumpAndCheckStream(schema: StoreSchema): string {
  const q = schema.qualify;
  const refuse = (code: string): string => `${q('refuse_append')}('${code}', $1, st.current_version, $2::bigint)`;
  return `stream as (
      insert into ${q('streams')} as s (stream_id, version, last_transaction_id)
      select $1::text, c.n, pg_current_xact_id() from counted c where c.n > 0
      on conflict (stream_id) do update
        set version = s.version + excluded.version,
            last_transaction_id = greatest(s.last_transaction_id, excluded.last_transaction_id)
      returning s.version - (select c.n from counted c) as current_version, s.deleted, s.last_transaction_id
    ),
    checked as materialized (
      select st.current_version from stream st
      where case
        when st.deleted then ${refuse('FX002')}
        when $2::bigint is not null and (case when $2::bigint = -1 then st.current_version = 0 else st.current_version <> $2::bigint end)
          then ${refuse('FX001')}
        when st.last_transaction_id <> pg_current_xact_id() then ${refuse('FX003')}
        else true
      end
    )`;
}

/**
 * Steps 0 and 1 of every append (see `appendStatement`): the `announced` and `lock` CTEs, shared
 * with the resending append (sql/resending-append-statement.ts).
 */
export function announceAndLock(schema: StoreSchema): string {
  const q = schema.qualify;
  return `announced as materialized (
      select case
        when pg_current_xact_id_if_assigned() is null then true
        when exists (select 1 from ${appenderLocksRelation(schema)} own where own.pid = pg_backend_pid()) then true
        else ${q('refuse_append')}('FX005', $1, null, null)
      end as ok
    ),
    lock as materialized (
      select pg_advisory_xact_lock(${appenderLockClass(schema)}, hashtext($1::text)) from announced
    )`;
}

/** What an append returns: one row for the whole batch. */
export interface AppendRow {
  o_transaction_id: string;
  o_first_version: string | number;
  /** The events' positions in version order, comma-separated. */
  o_positions: string;
  o_created_at: Date;
}
