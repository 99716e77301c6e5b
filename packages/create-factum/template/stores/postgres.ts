// Where the events live: a PostgreSQL server (14 or later) named by DATABASE_URL, in the schema
// `factum` (FACTUM_SCHEMA picks another, e.g. one per developer on a shared database).
import type { EventStore } from '@factum/event-store';
import { createPostgresStores } from '@factum/postgres';

export interface AppStore {
  events: EventStore;
  close(): Promise<void>;
}

export async function openStore(): Promise<AppStore> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set. Point it at your PostgreSQL server, e.g. DATABASE_URL=postgres://postgres@localhost:5432/postgres npm start');
  }
  const stores = createPostgresStores(url, process.env.FACTUM_SCHEMA ? { schema: process.env.FACTUM_SCHEMA } : {});
  try {
    await stores.migrate(); // creates or updates the tables; a no-op when they are current
  } catch (error) {
    await stores.close();
    throw error;
  }
  return { events: stores.events, close: () => stores.close() };
}
