import type { StoreSchema } from '../schema/store-schema';

export function loadSnapshotStatement(schema: StoreSchema): string {
  return `select stream_id, version::text as version, schema_version, state, taken_at from ${schema.qualify('snapshots')} where stream_id = $1`;
}

/** Keeps the snapshot of the latest version: an older one arriving late does not replace it. */
export function saveSnapshotStatement(schema: StoreSchema): string {
  return `insert into ${schema.qualify('snapshots')} as s (stream_id, version, schema_version, state, taken_at)
    values ($1, $2, $3, $4::jsonb, $5::timestamptz)
    on conflict (stream_id) do update
      set version = excluded.version, schema_version = excluded.schema_version, state = excluded.state, taken_at = excluded.taken_at
      where s.version <= excluded.version`;
}

export function deleteSnapshotStatement(schema: StoreSchema): string {
  return `delete from ${schema.qualify('snapshots')} where stream_id = $1`;
}
