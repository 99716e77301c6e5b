import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PgliteSqlClient } from '../client/pglite-client';
import { PgSqlClient } from '../client/pg-client';
import type { SqlClient } from '../client/sql-client';
import { PostgresEventStore } from '../events/postgres-event-store';
import { schemaVersion } from '../migrations/run-migrations';
import { SchemaNotMigratedError } from '../errors/postgres-errors';
import { storeSchema, type StoreSchema } from '../schema/store-schema';
import { PostgresSubscriberStore } from '../subscriptions/postgres-subscriber-store';
import { CliUsageError, DatabaseNotFoundError } from './cli-errors';

export interface CliIo {
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
  /** Whether `out` is a terminal (progress lines redraw in place). */
  isTty?: boolean;
  /** Aborted on Ctrl-C: `--watch` and `events tail` stop there. */
  signal?: AbortSignal;
}

/** Where the CLI's database is: a server's connection string, or a PGlite folder. */
export type CliConnection = { url: string } | { pglite: string };

/** `--database-url` (or its alias `--url`), `DATABASE_URL`, or `--pglite DIR`: one of them. */
export function connectionOf(values: Record<string, unknown>, env: CliIo['env']): CliConnection {
  const url = (values['database-url'] ?? values.url) as string | undefined;
  if (values['database-url'] !== undefined && values.url !== undefined) throw new CliUsageError('Give --database-url or its alias --url, not both.');
  const pglite = values.pglite as string | undefined;
  if (pglite !== undefined && url !== undefined) throw new CliUsageError('Give either --database-url or --pglite, not both.');
  if (pglite !== undefined) return { pglite };
  const fromEnv = url ?? env.DATABASE_URL;
  if (!fromEnv) throw new CliUsageError('No database: set DATABASE_URL (or pass --database-url), or use --pglite DIR for an embedded database.');
  return { url: fromEnv };
}

/**
 * What a command works with. The database is opened on first use, and only if it exists: a
 * PGlite folder must exist (and, except for `migrate`, hold a database already), and a server
 * database that is not there is reported, never created.
 */
export class CliContext {
  readonly schema: StoreSchema;
  private opened: SqlClient | null = null;
  private eventStore: PostgresEventStore | null = null;

  constructor(
    readonly io: CliIo,
    /** The words after the command's name. */
    readonly args: readonly string[],
    readonly values: Record<string, unknown>,
    private readonly connection: CliConnection,
    private readonly creates: boolean,
  ) {
    this.schema = storeSchema(values.schema as string | undefined);
  }

  get json(): boolean {
    return this.values.json === true;
  }

  client(): SqlClient {
    if (this.opened) return this.opened;
    if ('pglite' in this.connection) {
      const dir = this.connection.pglite;
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        throw new DatabaseNotFoundError(dir, 'the folder does not exist. Create it first (an empty folder), then run `factum migrate --pglite DIR`.');
      }
      if (!this.creates && !existsSync(join(dir, 'PG_VERSION'))) {
        throw new DatabaseNotFoundError(dir, 'the folder holds no PGlite database. Run `factum migrate --pglite DIR` to create one there.');
      }
      this.opened = PgliteSqlClient.open(dir);
    } else {
      this.opened = PgSqlClient.connect({ connectionString: this.connection.url, max: 4 });
    }
    return this.opened;
  }

  /** The store, after checking that its schema has been migrated. */
  async store(): Promise<PostgresEventStore> {
    if (this.eventStore) return this.eventStore;
    const client = this.client();
    const version = await this.guard(() => schemaVersion(client, this.schema));
    if (version === 0) throw new SchemaNotMigratedError(this.schema.name);
    this.eventStore = new PostgresEventStore(client, { schema: this.schema.name, pollIntervalMs: 200 });
    return this.eventStore;
  }

  async subscriberStore(): Promise<PostgresSubscriberStore> {
    await this.store();
    return new PostgresSubscriberStore(this.client(), { schema: this.schema.name });
  }

  /** Turns "database does not exist" from the server into a `DatabaseNotFoundError`. */
  async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isMissingDatabase(error) && 'url' in this.connection) {
        throw new DatabaseNotFoundError(redact(this.connection.url), 'the server has no such database. Create it (createdb), then run `factum migrate`.');
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.eventStore?.close().catch(() => undefined);
    await this.opened?.close().catch(() => undefined);
  }
}

function isMissingDatabase(error: unknown): boolean {
  for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === '3D000') return true;
  }
  return false;
}

/** A connection string without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
