import type { Migration } from './migration';

/**
 * The event log: events, streams, the append-only guard, and the helper that reports a refused
 * append (the append itself is one statement, see sql/append-statement.ts).
 *
 * - `events.position` is a plain sequence; `events.transaction_id` is the writing transaction's
 *   id. The global log is ordered by (transaction_id, position) and read only below the oldest
 *   running transaction (see docs/postgres.md, "How ordering works").
 * - `streams` holds each stream's version (the row every writer of a stream locks, so the
 *   database enforces expected versions), the id of its last writer's transaction, and the
 *   soft-delete flag.
 * - Custom SQLSTATEs (class FX) tell the client why something was refused: FX001 wrong expected
 *   version (DETAIL = actual version), FX002 stream deleted, FX003 stream order conflict, FX004
 *   change to an event.
 */
export const eventLogMigration: Migration = {
  version: 1,
  name: 'event log: events, streams, append-only triggers',
  statements: (schema) => {
    const q = schema.qualify;
    return [
      `create sequence if not exists ${q('events_position_seq')} as bigint`,

      // fillfactor: room on each page for the new row versions of appends (HOT updates).
      `create table if not exists ${q('streams')} (
        stream_id text primary key,
        version bigint not null,
        last_transaction_id xid8 not null,
        deleted boolean not null default false,
        deleted_at timestamptz,
        deleted_reason text,
        created_at timestamptz not null default now()
      ) with (fillfactor = 80)`,

      `create table if not exists ${q('events')} (
        position bigint not null default nextval('${q('events_position_seq')}') primary key,
        transaction_id xid8 not null default pg_current_xact_id(),
        stream_id text not null,
        version bigint not null,
        category text not null generated always as (split_part(stream_id, '-', 1)) stored,
        event_id text not null,
        type text not null,
        schema_version integer not null,
        data jsonb not null,
        metadata jsonb not null,
        causation_id text,
        correlation_id text,
        created_at timestamptz not null default now(),
        constraint events_stream_version_key unique (stream_id, version),
        constraint events_event_id_key unique (event_id)
      )`,

      `alter sequence ${q('events_position_seq')} owned by ${q('events')}.position`,
      `create index if not exists events_log_idx on ${q('events')} (transaction_id, position)`,
      `create index if not exists events_type_idx on ${q('events')} (type, transaction_id, position)`,
      `create index if not exists events_category_idx on ${q('events')} (category, transaction_id, position)`,

      // Called by the append statement only when it refuses, to raise the error the client maps
      // to a typed one. Returns boolean so that it can sit in a CASE; it never returns.
      `create or replace function ${q('refuse_append')}(p_code text, p_stream_id text, p_current bigint, p_expected bigint)
      returns boolean language plpgsql as $fn$
      begin
        if p_code = 'FX001' then
          raise exception using errcode = 'FX001', detail = p_current::text,
            message = format('stream %s is at version %s, the append expected %s', p_stream_id, p_current,
              case when p_expected = -1 then 'exists' else p_expected::text end);
        elsif p_code = 'FX002' then
          raise exception using errcode = 'FX002', message = format('stream %s has been deleted', p_stream_id);
        else
          raise exception using errcode = 'FX003',
            message = format('stream %s was appended to by a transaction newer than this one', p_stream_id),
            hint = 'Run the append in a new transaction, or append before writing anything else in the transaction.';
        end if;
      end
      $fn$`,

      `create or replace function ${q('refuse_event_changes')}() returns trigger
      language plpgsql as $fn$
      begin
        raise exception using errcode = 'FX004',
          message = format('%s on %I.%I refused: events are append-only', tg_op, tg_table_schema, tg_table_name),
          hint = 'Events are facts and never change. Close a stream with deleteStream() (a soft delete); correct a fact with a new event.';
      end
      $fn$`,
      `create or replace trigger events_append_only before update or delete on ${q('events')}
        for each row execute function ${q('refuse_event_changes')}()`,
      `create or replace trigger events_no_truncate before truncate on ${q('events')}
        for each statement execute function ${q('refuse_event_changes')}()`,
    ];
  },
};
