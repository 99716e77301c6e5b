import type { Migration } from './migration';

/**
 * Indexes for the optional reads of the contract (no new column, no change to appends):
 * - `listStreams` pages through `streams` by id in code point order, which is the byte order of
 *   UTF-8 and Postgres's `collate "C"`, whatever the database's own collation; the primary key
 *   is in the database's collation, so it cannot serve that order.
 * - `readCorrelated` reads one conversation in log order. Chains of causes follow `event_id`,
 *   which the unique constraint of migration 1 already indexes.
 */
export const streamListingAndConversationsMigration: Migration = {
  version: 6,
  name: 'indexes for listing streams and reading conversations',
  statements: (schema) => {
    const q = schema.qualify;
    return [
      `create index if not exists streams_id_code_point_idx on ${q('streams')} (stream_id collate "C")`,
      `create index if not exists events_correlation_idx on ${q('events')} (correlation_id, transaction_id, position) where correlation_id is not null`,
    ];
  },
};
