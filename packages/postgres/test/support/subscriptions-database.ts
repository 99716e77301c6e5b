import { randomBytes } from 'node:crypto';
import { PgSqlClient } from '../../src/client/pg-client';
import { PgliteSqlClient } from '../../src/client/pglite-client';
import type { SqlClient } from '../../src/client/sql-client';
import { runMigrations } from '../../src/migrations/run-migrations';
import { storeSchema } from '../../src/schema/store-schema';

/**
 * A migrated, uniquely named schema for one test file: on the server at DATABASE_URL when set
 * (required in CI), otherwise on an in-memory PGlite. `drop()` removes it and closes clients.
 */
export interface TestDatabase {
  kind: 'postgres' | 'pglite';
  url: string | undefined;
  schema: string;
  client: SqlClient;
  /** Another client with its own pool, as a second process would have (the same PGlite otherwise). */
  newClient(): SqlClient;
  drop(): Promise<void>;
}

export const databaseUrl = process.env.DATABASE_URL;
export const onServer = databaseUrl !== undefined && databaseUrl !== '';
if (process.env.CI === 'true' && !onServer) throw new Error('DATABASE_URL must be set in CI: the Postgres tests run against a real server there.');

/** Describe-title suffix saying where Postgres tests run. */
export const where = onServer ? 'on Postgres' : 'on PGlite (set DATABASE_URL for a server)';

export async function openTestDatabase(label: string): Promise<TestDatabase> {
  const schema = `t_${label.replace(/[^a-z0-9_]/g, '_').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const clients: SqlClient[] = [];
  let client: SqlClient;
  let newClient: () => SqlClient;
  if (onServer) {
    newClient = () => {
      const created = PgSqlClient.connect({ connectionString: databaseUrl, max: 5 });
      clients.push(created);
      return created;
    };
    client = newClient();
  } else {
    client = PgliteSqlClient.open('memory://');
    clients.push(client);
    newClient = () => client;
  }
  await runMigrations(client, storeSchema(schema));
  return {
    kind: onServer ? 'postgres' : 'pglite',
    url: databaseUrl,
    schema,
    client,
    newClient,
    async drop() {
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        for (const created of clients.reverse()) await created.close().catch(() => undefined);
      }
    },
  };
}
