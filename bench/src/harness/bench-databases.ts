import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Creates and drops the bench's own databases on the server named by DATABASE_URL. The bench
 * never writes to any database it did not create in this process: each one gets a random name
 * (`bench_<hex>`) and a random ownership token in its comment, which the worker checks before it
 * touches anything (see `assertOwnedDatabase`), and only databases created here are dropped.
 */
export interface BenchDatabase {
  name: string;
  url: string;
  ownershipToken: string;
}

export const BENCH_DATABASE_NAME = /^bench_[0-9a-f]{16}$/;
const COMMENT_PREFIX = 'factum-bench ';

export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export class BenchDatabases {
  private readonly admin: pg.Client;
  private readonly created = new Set<string>();
  private connected = false;

  constructor(private readonly serverUrl: string) {
    this.admin = new pg.Client({ connectionString: serverUrl, application_name: 'factum-bench-admin' });
  }

  async connect(): Promise<void> {
    try {
      await this.admin.connect();
      this.connected = true;
    } catch (error) {
      throw new Error(`cannot connect to PostgreSQL at ${redact(this.serverUrl)}: ${(error as Error).message}. Start the server or set DATABASE_URL.`);
    }
  }

  async create(): Promise<BenchDatabase> {
    const name = `bench_${randomBytes(8).toString('hex')}`;
    const ownershipToken = randomBytes(16).toString('hex');
    try {
      await this.admin.query(`CREATE DATABASE ${name}`);
    } catch (error) {
      throw new Error(`cannot create a database for the bench (${(error as Error).message}); the DATABASE_URL role needs CREATEDB`);
    }
    this.created.add(name);
    await this.admin.query(`COMMENT ON DATABASE ${name} IS '${COMMENT_PREFIX}${ownershipToken}'`);
    return { name, url: databaseUrlFor(this.serverUrl, name), ownershipToken };
  }

  async drop(database: BenchDatabase): Promise<void> {
    if (!this.created.has(database.name) || !BENCH_DATABASE_NAME.test(database.name)) {
      throw new Error(`refusing to drop '${database.name}': this bench run did not create it`);
    }
    await this.admin.query(`DROP DATABASE IF EXISTS ${database.name} WITH (FORCE)`);
    this.created.delete(database.name);
  }

  /** Drops whatever is left (after an error or Ctrl-C). */
  async dropAll(): Promise<void> {
    for (const name of [...this.created]) {
      await this.admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      this.created.delete(name);
    }
  }

  /**
   * Bench databases left behind by a bench run that was killed outright. They are never touched
   * here (this run did not create them); the caller says how to remove them.
   */
  async leftovers(): Promise<string[]> {
    const { rows } = await this.admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname ~ '^bench_[0-9a-f]{16}$' AND shobj_description(oid, 'pg_database') LIKE $1",
      [`${COMMENT_PREFIX}%`],
    );
    return rows.map((r) => r.datname).filter((name) => !this.created.has(name));
  }

  /** Server version and the settings that bound the figures. */
  async serverSettings(): Promise<Record<string, string>> {
    const names = [
      'server_version',
      'shared_buffers',
      'synchronous_commit',
      'fsync',
      'wal_level',
      'max_connections',
      'work_mem',
      'max_wal_size',
      'effective_io_concurrency',
    ];
    const { rows } = await this.admin.query<{ name: string; setting: string; unit: string | null }>(
      'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)',
      [names],
    );
    const settings: Record<string, string> = {};
    for (const name of names) {
      const row = rows.find((r) => r.name === name);
      if (row) settings[name] = humanSetting(row.setting, row.unit);
    }
    return settings;
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.end();
    this.connected = false;
  }
}

/** pg_settings gives shared_buffers as a count of 8kB blocks; say it the way postgresql.conf does. */
function humanSetting(setting: string, unit: string | null): string {
  if (!unit) return setting;
  const match = /^(\d+)?(kB|MB|B)$/.exec(unit);
  if (!match) return `${setting}${unit}`;
  const multiple = Number(match[1] ?? 1) * (match[2] === 'MB' ? 1024 * 1024 : match[2] === 'kB' ? 1024 : 1);
  const bytes = Number(setting) * multiple;
  if (bytes % (1024 * 1024 * 1024) === 0) return `${bytes / (1024 * 1024 * 1024)}GB`;
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024}kB`;
  return `${bytes}B`;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/**
 * Run by the worker before it connects for real: the database must be a bench database whose
 * comment carries the token the orchestrator generated when it created it.
 */
export async function assertOwnedDatabase(url: string, ownershipToken: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!BENCH_DATABASE_NAME.test(name)) throw new Error(`refusing to run against '${name}': not a database the bench created`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ comment: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = current_database()",
    );
    if (rows[0]?.comment !== `${COMMENT_PREFIX}${ownershipToken}`) {
      throw new Error(`refusing to run against '${name}': it was not created by this bench run`);
    }
  } finally {
    await client.end();
  }
}
