// Where the events live: embedded PostgreSQL (PGlite) in ./.data/app, no server needed. Delete
// that folder to start over; set up a server later with createPostgresStores(process.env.DATABASE_URL).
import { mkdirSync } from 'node:fs';
import type { EventStore } from '@factum/event-store';
import { createPostgresStores } from '@factum/postgres';

export interface AppStore {
  events: EventStore;
  close(): Promise<void>;
}

export async function openStore(): Promise<AppStore> {
  mkdirSync('./.data', { recursive: true }); // PGlite creates only the last folder of the path
  const stores = createPostgresStores({ pglite: './.data/app' });
  try {
    await stores.migrate(); // creates or updates the tables; a no-op when they are current
  } catch (error) {
    await stores.close();
    throw error;
  }
  return { events: stores.events, close: () => stores.close() };
}
