import type { Migration } from './migration';

/**
 * What subscribers keep besides checkpoints, in the same database so that it commits with them:
 * process-manager instance state (one row per process manager and correlation key; ended
 * instances are deleted) and dead letters (events a subscriber skipped, with the error).
 */
export const subscribersMigration: Migration = {
  version: 3,
  name: 'process-manager state and dead letters',
  statements: (schema) => {
    const q = schema.qualify;
    return [
      `create table if not exists ${q('process_states')} (
        process_name text not null,
        key text not null,
        state jsonb not null,
        position text,
        updated_at timestamptz not null default now(),
        primary key (process_name, key)
      )`,
      `create table if not exists ${q('dead_letters')} (
        subscriber text not null,
        event_id text not null,
        event_type text not null,
        stream_id text not null,
        version bigint not null,
        position text not null,
        error_name text not null,
        error_message text not null,
        error_code text,
        error_stack text,
        attempts integer not null,
        failed_at timestamptz not null default now(),
        primary key (subscriber, event_id)
      )`,
    ];
  },
};
