import type { Migration } from './migration';

/**
 * Readers of the global log wait only for this store's appenders (see sql/horizon-statement.ts),
 * so an append must refuse a transaction that already had an id before it became an appender:
 * FX005, with a hint. `refuse_append` gains that branch; everything else is as in migration 1.
 */
export const appendersAnnounceThemselvesMigration: Migration = {
  version: 4,
  name: 'appenders announce themselves before they write',
  statements: (schema) => {
    const q = schema.qualify;
    return [
      `create or replace function ${q('refuse_append')}(p_code text, p_stream_id text, p_current bigint, p_expected bigint)
      returns boolean language plpgsql as $fn$
      begin
        if p_code = 'FX001' then
          raise exception using errcode = 'FX001', detail = p_current::text,
            message = format('stream %s is at version %s, the append expected %s', p_stream_id, p_current,
              case when p_expected = -1 then 'exists' else p_expected::text end);
        elsif p_code = 'FX002' then
          raise exception using errcode = 'FX002', message = format('stream %s has been deleted', p_stream_id);
        elsif p_code = 'FX005' then
          raise exception using errcode = 'FX005',
            message = format('append to stream %s refused: this transaction wrote to the database before its first append', p_stream_id),
            hint = 'Append first, then write the rest of the transaction (read models, checkpoints), or append in a transaction of its own.';
        else
          raise exception using errcode = 'FX003',
            message = format('stream %s was appended to by a transaction newer than this one', p_stream_id),
            hint = 'Run the append in a new transaction, or append before writing anything else in the transaction.';
        end if;
      end
      $fn$`,
    ];
  },
};
