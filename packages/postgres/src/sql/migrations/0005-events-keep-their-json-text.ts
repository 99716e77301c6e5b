import type { Migration } from './migration';

/**
 * Event data and metadata come back exactly as appended (docs/event-store.md, "Data rules"):
 *
 * - `events.data` and `events.metadata` become `json`, which keeps the text the client wrote.
 *   `jsonb` parses it into a binary form that sorts object keys (shorter keys first) and drops
 *   their order for good. Events stored before this migration keep the order jsonb gave them.
 *   `json` is also cheaper on both paths: on input it is only checked, not converted, and on
 *   output it is sent as stored. Factum never queries inside event data; a query of your own
 *   that needs jsonb operators casts (`data::jsonb @> ...`).
 * - `stored_events(ids)`: the stored copies of some event ids, read by a resending append
 *   (sql/resending-append-statement.ts) *after* it took the stream's appender lock. A volatile
 *   function takes a fresh snapshot for its query, so it sees an append of the same events that
 *   committed while this one waited for the lock; the append's own snapshot (taken when the
 *   statement began) would not.
 */
export const eventsKeepTheirJsonTextMigration: Migration = {
  version: 5,
  name: 'events keep their JSON text; stored events for resends',
  statements: (schema) => {
    const q = schema.qualify;
    return [
      // A no-op when the columns are json already, so the step can run again.
      `alter table ${q('events')} alter column data type json using data::json, alter column metadata type json using metadata::json`,

      `create or replace function ${q('stored_events')}(p_event_ids text[])
      returns table (event_id text, stream_id text, version bigint, transaction_id xid8, "position" bigint, type text,
        schema_version integer, data json, metadata json, causation_id text, correlation_id text, created_at timestamptz)
      language plpgsql volatile as $fn$
      begin
        return query select e.event_id, e.stream_id, e.version, e.transaction_id, e.position, e.type, e.schema_version,
            e.data, e.metadata, e.causation_id, e.correlation_id, e.created_at
          from ${q('events')} e where e.event_id = any(p_event_ids);
      end
      $fn$`,
    ];
  },
};
