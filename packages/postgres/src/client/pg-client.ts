import { Client, Pool, type ClientBase, type PoolClient, type PoolConfig } from 'pg';
import { stderrLogger, type Logger } from '../logger';
import { markNotSent } from './store-failure';
import { runTransaction } from './transaction-runner';
import { isConnectionError } from './transient-errors';
import {
  checkChannel,
  type QueryOptions,
  type SqlClient,
  type SqlExecutor,
  type SqlResult,
  type SqlSession,
  type SqlTransaction,
  type TransactionOptions,
} from './sql-client';

const ignoreError = (): void => undefined;

function executor(connection: ClientBase): SqlExecutor {
  return {
    async query<Row extends object>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<Row>> {
      const values = params as unknown[] | undefined;
      const result = await (options?.name ? connection.query({ name: options.name, text, values }) : connection.query(text, values));
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
  };
}

export interface PgSqlClientOptions {
  /** Whether `close()` ends the pool. True when the client created the pool itself. */
  ownsPool?: boolean;
  logger?: Logger;
}

/** The SQL seam over a `pg` Pool: statements run on pooled connections, sessions get their own. */
export class PgSqlClient implements SqlClient {
  readonly dialect = 'postgres' as const;
  private readonly logger: Logger;
  private readonly sessions = new Set<PgSession>();

  constructor(
    readonly pool: Pool,
    private readonly options: PgSqlClientOptions = {},
  ) {
    this.logger = options.logger ?? stderrLogger;
    if (options.ownsPool) {
      // An idle pooled connection that dies (server restart, terminated backend) is reported
      // here; without a listener Node would crash the process. The pool replaces it on demand.
      pool.on('error', (error) => this.logger.warn({ err: error }, 'an idle Postgres connection failed; it will be replaced'));
    }
  }

  /** A client over a pool it creates from a connection string or pool settings. */
  static connect(config: string | PoolConfig, logger?: Logger): PgSqlClient {
    const pool = new Pool(typeof config === 'string' ? { connectionString: config } : config);
    return new PgSqlClient(pool, { ownsPool: true, logger });
  }

  /**
   * One statement on a pooled connection. Not `pool.query`: that discards the connection after
   * any failed statement, so every refused append (a version conflict, a duplicate id) would
   * cost a new backend and a new prepare. Here only a broken connection is discarded. Callbacks
   * rather than awaits: the rows go straight to the caller and the connection back to the pool,
   * which keeps a catch-up's garbage young (the awaited form cost a quarter of its throughput).
   */
  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<Row>> {
    return new Promise((resolve, reject) => {
      this.pool.connect((connectError, connection, release) => {
        if (connectError || !connection) {
          reject(markNotSent(connectError ?? new Error('the pool returned no connection')));
          return;
        }
        // A connection that dies while checked out emits 'error'; the failing query reports it too.
        connection.on('error', ignoreError);
        const values = params as unknown[] | undefined;
        const done = (error: Error | null, result: { rows: unknown[]; rowCount: number | null } | undefined): void => {
          connection.off('error', ignoreError);
          release(error && isConnectionError(error) ? error : undefined);
          if (error) reject(error);
          else resolve({ rows: result!.rows as Row[], rowCount: result!.rowCount ?? result!.rows.length });
        };
        if (options?.name) connection.query({ name: options.name, text, values }, done);
        else connection.query(text, values ?? [], done);
      });
    });
  }

  /** A pooled connection; a failure here means no statement was sent. */
  private async checkOut(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw markNotSent(error);
    }
  }

  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    const connection = await this.checkOut();
    // A connection that dies while checked out emits 'error'; the failing query reports it too.
    const ignore = (): void => undefined;
    connection.on('error', ignore);
    let reusable = true;
    try {
      const outcome = await runTransaction(executor(connection), work, options);
      if ('result' in outcome) return outcome.result;
      reusable = outcome.reusable;
      throw outcome.error;
    } finally {
      connection.off('error', ignore);
      connection.release(reusable ? undefined : true);
    }
  }

  async session(): Promise<SqlSession> {
    // Built from the pool's own settings, but outside it: a session may live for hours and must
    // not take a slot from the statements the pool serves.
    const client = new Client(this.pool.options);
    const session = new PgSession(client, () => this.sessions.delete(session));
    this.sessions.add(session);
    try {
      await session.open();
    } catch (error) {
      await session.release();
      throw error;
    }
    return session;
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions].map((session) => session.release()));
    if (this.options.ownsPool && !this.pool.ended && !this.pool.ending) await this.pool.end();
  }
}

class PgSession implements SqlSession {
  private readonly lostController = new AbortController();
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private released = false;
  private pid = 0;
  readonly lost = this.lostController.signal;
  private readonly run: SqlExecutor;

  constructor(
    private readonly client: Client,
    private readonly onRelease: () => void,
  ) {
    this.run = executor(client);
    const lose = (error: Error): void => {
      if (!this.released && !this.lost.aborted) this.lostController.abort(error);
    };
    client.on('error', lose);
    client.on('end', () => lose(new Error('The Postgres session ended unexpectedly (server restart or terminated backend).')));
    client.on('notification', (message) => {
      for (const listener of this.listeners.get(message.channel) ?? []) listener(message.payload ?? '');
    });
  }

  get backendPid(): number {
    return this.pid;
  }

  async open(): Promise<void> {
    await this.client.connect();
    const { rows } = await this.run.query<{ pid: number }>('select pg_backend_pid() as pid');
    this.pid = rows[0]!.pid;
  }

  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<Row>> {
    return this.run.query<Row>(text, params, options);
  }

  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    const outcome = await runTransaction(this.run, work, options);
    if ('result' in outcome) return outcome.result;
    throw outcome.error;
  }

  async listen(channel: string, onNotification: (payload: string) => void): Promise<void> {
    checkChannel(channel);
    const listeners = this.listeners.get(channel) ?? new Set();
    listeners.add(onNotification);
    if (!this.listeners.has(channel)) {
      this.listeners.set(channel, listeners);
      await this.run.query(`listen "${channel}"`);
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.onRelease();
    this.listeners.clear();
    try {
      await this.client.end();
    } catch {
      // Already broken: nothing left to free.
    }
  }
}
