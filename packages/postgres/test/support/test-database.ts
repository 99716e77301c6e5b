import { PGlite } from '@electric-sql/pglite';
import { PgliteSqlClient, PgSqlClient, type SqlClient } from '@factum/postgres';
import { randomBytes } from 'node:crypto';

/**
 * Where the Postgres tests run. With DATABASE_URL: on that server (each test in a schema of its
 * own, dropped afterwards). Without it, locally: on PGlite, and the test titles say so. On CI
 * (CI=true) a missing DATABASE_URL is an error: the server tests must never be skipped silently.
 */
export const DATABASE_URL = process.env.DATABASE_URL;

if (process.env.CI === 'true' && !DATABASE_URL) {
  throw new Error('CI=true but DATABASE_URL is not set: the PostgreSQL tests must run against a server on CI.');
}

export const onServer = Boolean(DATABASE_URL);

/** Appended to describe titles: which database the tests ran on. */
export const backendTitle = onServer ? 'on PostgreSQL' : 'on PGlite (no DATABASE_URL set; set it to run on PostgreSQL)';

export function uniqueSchema(prefix = 'test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export interface TestBackend {
  readonly kind: 'postgres' | 'pglite';
  /** A new client on the test database (a pool on a server, a handle on the shared PGlite). */
  client(options?: { max?: number; applicationName?: string }): SqlClient;
  /** Drops the schema at `close()`. */
  dropLater(schema: string): void;
  close(): Promise<void>;
}

let sharedPglite: PGlite | undefined;

/** One PGlite per test file: starting one costs seconds, a schema per test costs milliseconds. */
function pglite(): PGlite {
  sharedPglite ??= new PGlite('memory://');
  return sharedPglite;
}

export function openTestBackend(kind: 'auto' | 'pglite' = 'auto'): TestBackend {
  const useServer = kind === 'auto' && onServer;
  const clients: SqlClient[] = [];
  const schemas = new Set<string>();
  const admin = (): SqlClient => (useServer ? PgSqlClient.connect({ connectionString: DATABASE_URL, max: 1 }) : new PgliteSqlClient(pglite()));
  return {
    kind: useServer ? 'postgres' : 'pglite',
    client(options = {}) {
      const client = useServer
        ? PgSqlClient.connect({ connectionString: DATABASE_URL, max: options.max ?? 10, application_name: options.applicationName ?? 'factum-test' })
        : new PgliteSqlClient(pglite());
      clients.push(client);
      return client;
    },
    dropLater(schema) {
      schemas.add(schema);
    },
    async close() {
      await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
      const client = admin();
      try {
        for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
        schemas.clear();
      } finally {
        await client.close();
      }
    },
  };
}

/** Closes the file's shared PGlite (call in afterAll of files that used PGlite). */
export async function closeSharedPglite(): Promise<void> {
  const db = sharedPglite;
  sharedPglite = undefined;
  if (db && !db.closed) await db.close();
}
