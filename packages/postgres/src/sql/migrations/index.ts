import { eventLogMigration } from './0001-event-log';
import { checkpointsAndSnapshotsMigration } from './0002-checkpoints-and-snapshots';
import { subscribersMigration } from './0003-subscribers';
import { appendersAnnounceThemselvesMigration } from './0004-appenders-announce-themselves';
import { eventsKeepTheirJsonTextMigration } from './0005-events-keep-their-json-text';
import { streamListingAndConversationsMigration } from './0006-stream-listing-and-conversations';
import { subscriberOperationsMigration } from './0007-subscriber-operations';
import { subscriberReportTimingsMigration } from './0008-subscriber-report-timings';
import { eventsKnowTheirStreamPartitionHashMigration } from './0009-events-know-their-stream-partition-hash';
import { resendsLookUpStoredEventsByIndexMigration } from './0010-resends-look-up-stored-events-by-index';
import type { Migration } from './migration';

/** Every migration of the store, in version order. New steps go at the end with the next version. */
export const migrations: readonly Migration[] = [
  eventLogMigration,
  checkpointsAndSnapshotsMigration,
  subscribersMigration,
  appendersAnnounceThemselvesMigration,
  eventsKeepTheirJsonTextMigration,
  streamListingAndConversationsMigration,
  subscriberOperationsMigration,
  subscriberReportTimingsMigration,
  eventsKnowTheirStreamPartitionHashMigration,
  resendsLookUpStoredEventsByIndexMigration,
];
