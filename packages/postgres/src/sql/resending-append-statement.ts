import type { StoreSchema } from '../schema/store-schema';
import { announceAndLock, bumpAndCheckStream, incomingEvents } from './append-statement';

/**
 * The append with `acceptResends`, still one statement and one round trip. Parameters as in
 * `appendStatement`. After the same steps 0 and 1 (announced, lock: the appender lock is taken
 * before the transaction has an id):
 *
 * 2. `stored`: the stored copies of the call's event ids, read by `stored_events` with a fresh
 *    snapshot, so an append of the same events that committed while this one waited for the lock
 *    is seen. Concurrent resends to one stream queue on that lock: the second finds what the
 *    first stored, and each event is stored once.
 * 3. `classified`: an event is resent when its copy is in this stream with the same type, schema
 *    version and data (compared as jsonb: key order does not matter). Any other event is new,
 *    including one whose id is stored elsewhere or with other content: its insert then fails on
 *    the unique event id, which the client reports as `DuplicateEventError`.
 * 4. With new events, the stream row and the checks run exactly as in `appendStatement`
 *    (deleted, expected version, stream order), then the new events are inserted at the next
 *    versions. Without new events nothing is written: no row bump, no transaction id, no
 *    position; the transaction only held the appender lock, which readers treat like any other
 *    append without an id (the horizon is the next id), and the expected version is not checked.
 *    A deleted stream is refused either way.
 *
 * One row per event of the call, in the call's order: `o_resent`, and its version, position,
 * transaction and time; for a resent event also its stored type, data, metadata and ids, since
 * the stored copy (not the resend) is what the caller gets back.
 */
export function resendingAppendStatement(schema: StoreSchema): string {
  const q = schema.qualify;
  const refuse = (code: string, current: string): string => `${q('refuse_append')}('${code}', $1, ${current}, $2::bigint)`;
  return `with ${announceAndLock(schema)},
    ${incomingEvents()},
    wanted as materialized (
      select coalesce(array_agg(i.event_id), '{}') as ids from incoming i
    ),
    stored as materialized (
      select s.* from wanted w cross join lateral ${q('stored_events')}(w.ids) s
    ),
    classified as materialized (
      select i.*, s.event_id as stored_id,
        coalesce(s.stream_id = $1::text and s.type = i.type and s.schema_version = i.schema_version
          and s.data::jsonb = i.data::jsonb, false) as resent
      from incoming i left join stored s on s.event_id = i.event_id
    ),
    fresh as materialized (
      select c.*, row_number() over (order by c.ord) as n from classified c where not c.resent
    ),
    counted as materialized (
      select count(*) as n from fresh
    ),
    ${bumpAndCheckStream(schema)},
    resent_only as materialized (
      select case when s.deleted then ${refuse('FX002', 's.version')} else true end as ok
      from ${q('streams')} s, counted c where s.stream_id = $1::text and c.n = 0
    ),
    inserted as (
      insert into ${q('events')} as e
        (position, transaction_id, stream_id, stream_hash, version, event_id, type, schema_version, data, metadata, causation_id, correlation_id)
      select nextval('${q('events_position_seq')}'), pg_current_xact_id(), $1::text, $4::bigint, c.current_version + f.n,
             f.event_id, f.type, f.schema_version, f.data, f.metadata, f.causation_id, f.correlation_id
      from checked c cross join fresh f
      order by f.n
      returning e.event_id, e.position, e.version
    )
    select c.resent as o_resent,
      coalesce(i.version, s.version)::text as o_version,
      coalesce(i.position, s.position)::text as o_position,
      (case when c.resent then s.transaction_id else pg_current_xact_id_if_assigned() end)::text as o_transaction_id,
      case when c.resent then s.created_at else now() end as o_created_at,
      s.type as o_type, s.schema_version as o_schema_version, s.data as o_data, s.metadata as o_metadata,
      s.causation_id as o_causation_id, s.correlation_id as o_correlation_id
    from classified c
    left join inserted i on not c.resent and i.event_id = c.event_id
    left join stored s on c.resent and s.event_id = c.stored_id
    where (select count(*) from resent_only) >= 0
    order by c.ord`;
}

/** One event of a resending append (see `resendingAppendStatement`); the `o_` fields after `o_created_at` only for a resent one. */
export interface ResendingAppendRow {
  o_resent: boolean;
  o_version: string;
  o_position: string;
  o_transaction_id: string;
  o_created_at: Date;
  o_type: string | null;
  o_schema_version: number | null;
  o_data: unknown;
  o_metadata: unknown;
  o_causation_id: string | null;
  o_correlation_id: string | null;
}
