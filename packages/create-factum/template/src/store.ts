// Where the events live: in memory, gone when the process ends. For events that stay, use
// @factum/postgres: createPostgresStores({ pglite: './.data/app' }) or a PostgreSQL URL.
import { InMemoryEventStore, type EventStore } from '@factum/event-store';

export interface AppStore {
  events: EventStore;
  close(): Promise<void>;
}

export async function openStore(): Promise<AppStore> {
  return { events: new InMemoryEventStore(), close: async () => {} };
}
