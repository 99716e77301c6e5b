import type { Migration } from './migration';

/**
 * Operations on subscribers requested from any process (retry or skip a dead letter, rebuild,
 * restart), performed by the process that holds the subscriber's lease; and the reports that
 * process publishes about each subscriber it runs (owner, state, type filter, throughput), so
 * that status can be read from anywhere, the CLI included.
 */
export const subscriberOperationsMigration: Migration = {
  version: 7,
  name: 'subscriber operations and reports',
  statements: (schema) => {
    const q = schema.qualify;
    return [
      `create table if not exists ${q('subscriber_operations')} (
        id text primary key,
        subscriber text not null,
        kind text not null,
        event_id text,
        state text not null check (state in ('pending', 'running', 'done', 'failed')),
        performer text,
        progress jsonb,
        result jsonb,
        error_code text,
        error_message text,
        requested_at timestamptz not null default clock_timestamp(),
        updated_at timestamptz not null default clock_timestamp(),
        seq bigint generated always as identity
      )`,
      `create index if not exists subscriber_operations_open on ${q('subscriber_operations')} (subscriber, seq) where state in ('pending', 'running')`,
      `create index if not exists subscriber_operations_history on ${q('subscriber_operations')} (subscriber, seq desc)`,
      `create table if not exists ${q('subscriber_reports')} (
        subscriber text primary key,
        kind text not null,
        event_types jsonb not null,
        owner text not null,
        state text not null,
        position text,
        events_per_second double precision not null,
        last_error jsonb,
        reported_at timestamptz not null default clock_timestamp()
      )`,
    ];
  },
};
