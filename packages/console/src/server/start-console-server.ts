import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { createPostgresStores } from '@factum/postgres';
import type { FactumConsoleOptions } from '../console-options';
import { factumConsole } from '../console-plugin';
import { storedSubscribers } from './stored-subscribers';

export interface ConsoleServerOptions {
  /** A PostgreSQL connection string, or `{ pglite: dir }` for an embedded database. */
  database: string | { pglite: string };
  /** The store's Postgres schema. Default `factum`. */
  schema?: string;
  /** Default 127.0.0.1: only this machine can reach the console unless told otherwise. */
  host?: string;
  /** Default 4000; 0 picks a free port. */
  port?: number;
  allowActions?: boolean;
  /** The action token; generated when actions are allowed and none is given. */
  token?: string;
  hideData?: readonly string[];
}

export interface ConsoleServer {
  /** Where the console answers, e.g. `http://127.0.0.1:4000/`. */
  url: string;
  /** The action token (null when read-only). */
  token: string | null;
  close(): Promise<void>;
}

/** The console on its own (`npx factum console`): reads the store's database, with no app. */
export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const stores = createPostgresStores(options.database, { ...(options.schema ? { schema: options.schema } : {}) });
  const server = Fastify({ logger: false });
  try {
    const token = options.allowActions ? (options.token ?? randomBytes(24).toString('base64url')) : null;
    const consoleOptions: FactumConsoleOptions = {
      store: stores.events,
      subscribers: storedSubscribers(stores.client, options.schema),
      allowActions: options.allowActions ?? false,
      ...(token !== null ? { token } : {}),
      ...(options.hideData ? { hideData: options.hideData } : {}),
    };
    await server.register(factumConsole, consoleOptions);
    const host = options.host ?? '127.0.0.1';
    await server.listen({ host, port: options.port ?? 4000 });
    const address = server.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : options.port;
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
      token,
      async close() {
        await server.close();
        await stores.close();
      },
    };
  } catch (error) {
    await server.close();
    await stores.close();
    throw error;
  }
}
