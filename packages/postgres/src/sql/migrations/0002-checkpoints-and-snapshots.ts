import type { Migration } from './migration';

/** Subscriber checkpoints and aggregate snapshots, next to the events they refer to. */
export const checkpointsAndSnapshotsMigration: Migration = {
  version: 2,
  name: 'checkpoints and snapshots',
  statements: (schema) => {
    const q = schema.qualify;
    return [
      `create table if not exists ${q('checkpoints')} (
        name text primary key,
        position text not null,
        updated_at timestamptz not null default now()
      )`,
      `create table if not exists ${q('snapshots')} (
        stream_id text primary key,
        version bigint not null,
        schema_version integer not null,
        state jsonb not null,
        taken_at timestamptz not null
      )`,
    ];
  },
};
