import type { Migration } from './migration';

/**
 * `stored_events(ids)` (migration 5) looks its ids up by the unique index on `event_id`, whatever
 * the planner believes of the table. Its query, `event_id = any(ids)`, was free to become a
 * sequential scan that compares every stored event with every id, and PL/pgSQL keeps a session's
 * plan: made while the table was small (or before statistics caught up with it), that plan stayed
 * while the log grew, and a resending append of 2,000 events to a log of 100,000 took 4–7 s
 * instead of milliseconds. Planning each call anew is not enough: a table filled since its last
 * `analyze` still looks small. So the function turns sequential scans off for its own query
 * (`set enable_seqscan = off`, in force only inside it): the lookup costs one index probe per id,
 * on any table, with any plan. It stays volatile: its query still takes a fresh snapshot, as a
 * resending append needs.
 */
export const resendsLookUpStoredEventsByIndexMigration: Migration = {
  version: 10,
  name: 'resends look up stored events by index',
  statements: (schema) => {
    const q = schema.qualify;
    return [
      `create or replace function ${q('stored_events')}(p_event_ids text[])
      returns table (event_id text, stream_id text, version bigint, transaction_id xid8, "position" bigint, type text,
        schema_version integer, data json, metadata json, causation_id text, correlation_id text, created_at timestamptz)
      language plpgsql volatile set enable_seqscan = off as $fn$
      begin
        return query select e.event_id, e.stream_id, e.version, e.transaction_id, e.position, e.type, e.schema_version,
            e.data, e.metadata, e.causation_id, e.correlation_id, e.created_at
          from ${q('events')} e where e.event_id = any(p_event_ids);
      end
      $fn$`,
    ];
  },
};
