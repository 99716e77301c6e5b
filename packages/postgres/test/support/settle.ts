import type { EventStore, ReadAllOptions, RecordedEvent } from '@factum/event-store';
import type { PostgresEventStore } from '@factum/postgres';
import { collect } from './collect';
import { horizonStatement } from '../../src/sql/horizon-statement';
import { waitUntil } from './wait';

/**
 * Waits until every committed event of the store is readable. Only the store's own open appends
 * hold `readAll` back (a test holding one open on purpose, say), as designed; assertions about
 * the whole log wait for the log to settle first, as a subscriber would.
 */
export async function settled(store: PostgresEventStore, timeoutMs = 20_000): Promise<void> {
  await waitUntil(
    async () => {
      const horizon = (await store.client.query<{ horizon: string }>(horizonStatement(store.schema))).rows[0]!.horizon;
      const { rows } = await store.client.query<{ waiting: boolean }>(
        `select exists (select 1 from ${store.schema.qualify('events')} where transaction_id >= $1::xid8) as waiting`,
        [horizon],
      );
      return !rows[0]!.waiting;
    },
    'every committed event to become readable',
    timeoutMs,
  );
}

/** The whole global log once it has settled. */
export async function readLog(store: PostgresEventStore, options?: ReadAllOptions): Promise<RecordedEvent[]> {
  await settled(store);
  return collect(store.readAll(options));
}

/**
 * The store as the conformance suite sees it on a shared server: every read of the global log
 * first waits until the log has settled (see `settled`). Nothing else changes: appends, stream
 * reads and subscriptions go straight to the store. A private test database would not need this.
 */
export function withSettledReads(store: PostgresEventStore): EventStore {
  return {
    append: (streamId, events, options) => store.append(streamId, events, options),
    readStream: (streamId, options) => store.readStream(streamId, options),
    async *readAll(options) {
      await settled(store);
      yield* store.readAll(options);
    },
    subscribe: (options) => store.subscribe(options),
    headPosition: async () => {
      await settled(store);
      return store.headPosition();
    },
    startMarker: async () => {
      await settled(store);
      return store.startMarker();
    },
    streamVersion: (streamId) => store.streamVersion(streamId),
    listStreams: (options) => store.listStreams(options),
    async *readCorrelated(correlationId, options) {
      await settled(store);
      yield* store.readCorrelated(correlationId, options);
    },
    readCausationChain: (eventId) => store.readCausationChain(eventId),
    deleteStream: (streamId, options) => store.deleteStream(streamId, options),
    comparePositions: (a, b) => store.comparePositions(a, b),
    close: () => store.close(),
  };
}
