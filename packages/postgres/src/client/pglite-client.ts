// PGlite's declarations use Emscripten's global types without referencing them; this reference
// (kept in the emitted .d.ts) loads them for every consumer, so no one needs skipLibCheck.
/// <reference types="emscripten" preserve="true" />
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { TransactionScope } from './transaction-runner';
import {
  checkChannel,
  transactionStatement,
  type QueryOptions,
  type SqlClient,
  type SqlResult,
  type SqlSession,
  type SqlTransaction,
  type TransactionOptions,
} from './sql-client';

interface Queryable {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
}

async function run<Row extends object>(target: Queryable, text: string, params?: readonly unknown[]): Promise<SqlResult<Row>> {
  const result = await target.query<Row>(text, params ? [...params] : undefined);
  return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
}

/** Loads PGlite only when asked for: applications on a server never pay for the WASM module. */
function loadPglite(): typeof import('@electric-sql/pglite') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
}

/**
 * The SQL seam over PGlite. PGlite is one Postgres backend in this process, so there is one
 * connection: PGlite queues every statement and transaction behind its own lock, and a
 * transaction holds the database until it ends. Sessions share that single backend.
 */
export class PgliteSqlClient implements SqlClient {
  readonly dialect = 'pglite' as const;
  private readonly sessions = new Set<PgliteSession>();

  constructor(
    readonly db: PGlite,
    private readonly owned = false,
  ) {}

  /** Opens (creating when needed) a database in `dataDir`; `'memory://'` keeps it in memory. */
  static open(dataDir: string): PgliteSqlClient {
    const { PGlite: Database } = loadPglite();
    // PGlite creates the data folder itself, but not its parents: `./.data/app` must just work.
    if (!/^[a-z]+:\/\//.test(dataDir)) mkdirSync(dirname(resolve(dataDir)), { recursive: true });
    return new PgliteSqlClient(new Database(dataDir), true);
  }

  // Statement names are a server optimisation; PGlite plans in process, so they are not used.
  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[], _options?: QueryOptions): Promise<SqlResult<Row>> {
    return run<Row>(this.db, text, params);
  }

  transaction<T>(work: (tx: SqlTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return pgliteTransaction(this.db, work, options);
  }

  async session(): Promise<SqlSession> {
    const { rows } = await this.query<{ pid: number }>('select pg_backend_pid() as pid');
    const session = new PgliteSession(this.db, rows[0]!.pid, () => this.sessions.delete(session));
    this.sessions.add(session);
    return session;
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions].map((session) => session.release()));
    if (this.owned && !this.db.closed) await this.db.close();
  }
}

async function pgliteTransaction<T>(db: PGlite, work: (tx: SqlTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
  const setup = transactionStatement(options);
  let scope: TransactionScope | undefined;
  const result = await db.transaction(async (tx: Transaction) => {
    scope = new TransactionScope({ query: (text, params) => run(tx, text, params) });
    try {
      if (setup) await tx.query(setup);
      const result = await work(scope);
      await scope.prepareCommit();
      return result;
    } finally {
      scope.finish();
    }
  });
  scope?.committed();
  return result;
}

/** A session on PGlite's single backend: notifications and session state are shared with everyone. */
class PgliteSession implements SqlSession {
  private readonly lostController = new AbortController();
  private readonly unlisten: Array<() => Promise<void>> = [];
  private released = false;
  readonly lost = this.lostController.signal;

  constructor(
    private readonly db: PGlite,
    readonly backendPid: number,
    private readonly onRelease: () => void,
  ) {}

  // Statement names are a server optimisation; PGlite plans in process, so they are not used.
  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[], _options?: QueryOptions): Promise<SqlResult<Row>> {
    return run<Row>(this.db, text, params);
  }

  transaction<T>(work: (tx: SqlTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return pgliteTransaction(this.db, work, options);
  }

  async listen(channel: string, onNotification: (payload: string) => void): Promise<void> {
    this.unlisten.push(await this.db.listen(checkChannel(channel), onNotification));
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.onRelease();
    if (this.db.closed) return;
    for (const stop of this.unlisten.splice(0)) await stop().catch(() => undefined);
  }
}
