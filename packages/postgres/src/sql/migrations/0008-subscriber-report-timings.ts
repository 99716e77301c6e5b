import type { Migration } from './migration';

/**
 * The receive and process time percentiles a subscriber's owner publishes with its report
 * (`{ events, receive: { p50, p95, p99 }, process: { … } }` in milliseconds), so status read
 * from another process, or the console, shows them too.
 */
export const subscriberReportTimingsMigration: Migration = {
  version: 8,
  name: 'subscriber report timings',
  statements: (schema) => [`alter table ${schema.qualify('subscriber_reports')} add column if not exists timings jsonb`],
};
