import type { SqlClient, SqlExecutor } from '../client/sql-client';
import type { StoreSchema } from '../schema/store-schema';
import { migrations as storeMigrations } from '../sql/migrations';
import type { Migration } from '../sql/migrations/migration';

export interface MigrationResult {
  schema: string;
  /** The migrations this run applied (empty when the schema was up to date). */
  applied: Array<{ version: number; name: string }>;
  /** The schema's version afterwards. */
  version: number;
}

/**
 * Brings `schema` up to the latest migration, in one transaction. Safe to run from several
 * processes at once: a transaction-scoped advisory lock lets one migrate while the others wait,
 * then find nothing left to do.
 */
export async function runMigrations(client: SqlClient, schema: StoreSchema, migrations: readonly Migration[] = storeMigrations): Promise<MigrationResult> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  return client.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`factum.migrate.${schema.name}`]);
    await tx.query(`create schema if not exists "${schema.name}"`);
    await tx.query(`create table if not exists ${schema.qualify('schema_migrations')} (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`);
    const done = new Set((await tx.query<{ version: number }>(`select version from ${schema.qualify('schema_migrations')}`)).rows.map((row) => row.version));
    const applied: MigrationResult['applied'] = [];
    for (const migration of ordered) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements(schema)) await tx.query(statement);
      await tx.query(`insert into ${schema.qualify('schema_migrations')} (version, name) values ($1, $2)`, [migration.version, migration.name]);
      applied.push({ version: migration.version, name: migration.name });
    }
    const version = Math.max(0, ...done, ...applied.map((step) => step.version));
    return { schema: schema.name, applied, version };
  });
}

/** The schema's applied version: 0 when it has never been migrated. */
export async function schemaVersion(executor: SqlExecutor, schema: StoreSchema): Promise<number> {
  const { rows } = await executor.query<{ version: number | null }>(`select case when to_regclass($1) is null then 0 else null end as version`, [
    `"${schema.name}".schema_migrations`,
  ]);
  if (rows[0]?.version === 0) return 0;
  const result = await executor.query<{ version: number | null }>(`select max(version) as version from ${schema.qualify('schema_migrations')}`);
  return result.rows[0]?.version ?? 0;
}

/** The version the code expects: the last migration it knows. */
export const LATEST_SCHEMA_VERSION = Math.max(...storeMigrations.map((migration) => migration.version));
