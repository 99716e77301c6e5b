import type { Migration } from './migration';

/**
 * `events.stream_hash`: `partitionHash(stream_id)` (FNV-1a, 32 bit, of the id's UTF-16 code
 * units), written by every append from this version on, so that a read of one partition of the
 * streams (`filter.partition`) is filtered by the server: each partition of a subscriber reads
 * its own events, not the whole log. Adding a nullable column rewrites nothing. Events stored
 * before it have none; `stream_hash_of` computes theirs, the same hash, when a partitioned read
 * meets them (slower per event than the stored value, and only for those events).
 */
export const eventsKnowTheirStreamPartitionHashMigration: Migration = {
  version: 9,
  name: 'events know their stream partition hash',
  statements: (schema) => {
    const q = schema.qualify;
    return [
      `alter table ${q('events')} add column if not exists stream_hash bigint`,
      // Code points above U+FFFF count as their two UTF-16 code units, as in JavaScript.
      `create or replace function ${q('stream_hash_of')}(p_stream_id text) returns bigint
      language plpgsql immutable strict parallel safe as $fn$
      declare
        hash bigint := 2166136261;
        code integer;
        unit integer;
        character text;
      begin
        foreach character in array string_to_array(p_stream_id, null) loop
          code := ascii(character);
          if code > 65535 then
            unit := 55296 + ((code - 65536) >> 10);
            hash := ((hash # unit) * 16777619) & 4294967295;
            code := 56320 + ((code - 65536) & 1023);
          end if;
          hash := ((hash # code) * 16777619) & 4294967295;
        end loop;
        return hash;
      end
      $fn$`,
    ];
  },
};
