import type { StoreSchema } from '../schema/store-schema';
import { appenderLockClass, appenderLocksRelation } from './horizon-statement';
import type { AppendRow, PayloadEvent } from './append-statement';

/**
 * Several appends to distinct streams as one statement and one transaction (see
 * events/append-combiner.ts): each append's events written exactly as `appendStatement` writes
 * them, with the per-transaction and per-statement costs paid once for the group. Parameters:
 * $1 the streams (`text[]`, distinct), $2 their expected versions (`bigint[]`, same encoding as
 * `appendStatement`'s $2), $3 every event of the group as one JSON array of
 * `CombinedPayloadEvent`s, each naming its append (`a`, 1-based index into $1) and its place in
 * that append (`n`, 1-based), appends one after the other; $4 each stream's `partitionHash`
 * (`bigint[]`, migration 9).
 *
 * All or nothing: a refusal of any append (wrong expected version, deleted stream, stream order,
 * a duplicate event id) raises and nothing of the group is written; the caller then sends each
 * append on its own. The order of the steps is `appendStatement`'s:
 * 0. `announced`: as there (an autocommit statement never has an id yet; kept so that the
 *    statement is safe wherever it is sent).
 * 1. `lock`: every stream's appender lock, in a fixed order, *tried*: a lock held by someone
 *    else is not waited for, so a group never deadlocks with a user's transaction that holds
 *    two of its streams. If one is taken, `lock.ok` is false and the statement writes nothing
 *    and returns no row (the locks it got are released when its transaction ends); the caller
 *    sends the appends on their own, which wait for the lock as usual. All locks are taken
 *    before the transaction has an id.
 * 2. `stream`: each stream row created or bumped; the transaction id is taken here.
 * 3. `checked`: the same checks as `appendStatement`, raising before any position is drawn.
 * 4. `inserted`: positions drawn in payload order, which is version order within each stream.
 * One row comes back per append, with its index into $1 (`o_append`).
 */
export function combinedAppendStatement(schema: StoreSchema): string {
  const q = schema.qualify;
  const refuse = (code: string): string => `${q('refuse_append')}('${code}', a.stream_id, st.version - c.n, a.expected)`;
  return `with announced as materialized (
      select case
        when pg_current_xact_id_if_assigned() is null then true
        when exists (select 1 from ${appenderLocksRelation(schema)} own where own.pid = pg_backend_pid()) then true
        else ${q('refuse_append')}('FX005', ($1::text[])[1], null, null)
      end as ok
    ),
    appends as materialized (
      select g.stream_id, g.expected, g.stream_hash, g.ord::integer as ord
      from announced cross join unnest($1::text[], $2::bigint[], $4::bigint[]) with ordinality as g(stream_id, expected, stream_hash, ord)
    ),
    lock as materialized (
      select coalesce(bool_and(l.locked), false) as ok from (
        select pg_try_advisory_xact_lock(${appenderLockClass(schema)}, hashtext(a.stream_id)) as locked
        from appends a order by hashtext(a.stream_id), a.stream_id
      ) l
    ),
    incoming as materialized (
      select x.a, x.n, x.i as event_id, x.t as type, x.v as schema_version, coalesce(x.d, 'null'::json) as data,
        coalesce(x.m, '{}'::json) as metadata, x.c as causation_id, x.r as correlation_id, x.ord
      from lock cross join rows from (
        json_to_recordset($3::json) as (a integer, n integer, i text, t text, v integer, d json, m json, c text, r text)
      ) with ordinality as x(a, n, i, t, v, d, m, c, r, ord)
      where lock.ok
    ),
    counted as materialized (
      select t.a as ord, count(*) as n from incoming t group by t.a
    ),
    stream as (
      insert into ${q('streams')} as s (stream_id, version, last_transaction_id)
      select a.stream_id, c.n, pg_current_xact_id() from appends a join counted c on c.ord = a.ord
      order by a.stream_id
      on conflict (stream_id) do update
        set version = s.version + excluded.version,
            last_transaction_id = greatest(s.last_transaction_id, excluded.last_transaction_id)
      returning s.stream_id, s.version, s.deleted, s.last_transaction_id
    ),
    checked as materialized (
      select a.ord, a.stream_id, a.stream_hash, st.version - c.n as current_version
      from stream st join appends a on a.stream_id = st.stream_id join counted c on c.ord = a.ord
      where case
        when st.deleted then ${refuse('FX002')}
        when a.expected is not null and (case when a.expected = -1 then st.version - c.n = 0 else st.version - c.n <> a.expected end)
          then ${refuse('FX001')}
        when st.last_transaction_id <> pg_current_xact_id() then ${refuse('FX003')}
        else true
      end
    ),
    inserted as (
      insert into ${q('events')} as e
        (position, transaction_id, stream_id, stream_hash, version, event_id, type, schema_version, data, metadata, causation_id, correlation_id)
      select nextval('${q('events_position_seq')}'), pg_current_xact_id(), c.stream_id, c.stream_hash, c.current_version + t.n,
             t.event_id, t.type, t.schema_version, t.data, t.metadata, t.causation_id, t.correlation_id
      from checked c join incoming t on t.a = c.ord
      order by t.ord
      returning e.stream_id, e.position, e.version
    )
    select c.ord as o_append, pg_current_xact_id()::text as o_transaction_id, min(i.version)::text as o_first_version,
      string_agg(i.position::text, ',' order by i.version) as o_positions, now() as o_created_at
    from inserted i join checked c on c.stream_id = i.stream_id
    group by c.ord`;
}

/** An event in the combined statement's payload ($3): `PayloadEvent` plus where it belongs. */
export interface CombinedPayloadEvent extends PayloadEvent {
  /** The append's 1-based index into the streams ($1). */
  a: number;
  /** The event's 1-based place in its append. */
  n: number;
}

/** What the combined statement returns per append: an `AppendRow` and which append it is. */
export interface CombinedAppendRow extends AppendRow {
  /** The append's 1-based index into the streams ($1). */
  o_append: number;
}
