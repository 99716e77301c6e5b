import { PgSqlClient, runMigrations, storeSchema, type SqlClient } from '@factum/postgres';
import { randomBytes } from 'node:crypto';

export const DATABASE_URL = process.env.DATABASE_URL;
if (process.env.CI === 'true' && !DATABASE_URL) throw new Error('DATABASE_URL must be set in CI: the relay tests run against a real PostgreSQL.');

export interface TestSchema {
  client: SqlClient;
  schema: string;
  drop(): Promise<void>;
}

/** A migrated schema of its own on the server at DATABASE_URL, dropped by `drop()`. */
export async function openTestSchema(label: string): Promise<TestSchema> {
  const schema = `t_${label}_${randomBytes(4).toString('hex')}`;
  const client = PgSqlClient.connect({ connectionString: DATABASE_URL, max: 4 });
  await runMigrations(client, storeSchema(schema));
  return {
    client,
    schema,
    async drop() {
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.close();
      }
    },
  };
}
