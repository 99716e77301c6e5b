import { checkIdentifier, type SubscriberLease, type SubscriberLocks } from '@factum/event-store';
import type { SqlClient, SqlSession } from '../client/sql-client';
import { stderrLogger, type Logger } from '../logger';
import { storeSchema } from '../schema/store-schema';
import { SubscriberLockLostError } from './subscriber-lock-lost-error';

export interface PostgresSubscriberLocksOptions {
  /** The store's schema: locks are per schema, so stores in other schemas of the database never collide. */
  schema?: string;
  /** How often the lock connection is checked; when a check fails, every lease is lost at once. Default 1,000 ms. */
  heartbeatMs?: number;
  /**
   * The server disconnects a lock connection that has been silent this long (a hung or frozen
   * process), which frees its locks for a standby process. Keep it well above `heartbeatMs`.
   * Default 10,000 ms; 0 turns it off. Not used on PGlite.
   */
  stalledHolderTimeoutMs?: number;
  logger?: Logger;
}

interface Held {
  controller: AbortController;
  key: string;
}

/**
 * Locks taken in each PGlite database: PGlite has one backend, where advisory locks are
 * re-entrant. Keyed by the database, not the client: two clients on one database are two
 * "processes" that must exclude each other.
 */
const pgliteHolders = new WeakMap<object, Set<string>>();

/**
 * Subscriber leadership on Postgres: an advisory lock per subscriber (on a hash of the schema
 * and the subscriber's name), held on one dedicated connection for all of this process's
 * subscribers. When the process dies, the server drops the connection and its locks; a standby
 * process's next `tryAcquire` then succeeds. A connection lost the other way round (network,
 * server restart, failed heartbeat) aborts every lease, and the runners stop at once.
 */
export class PostgresSubscriberLocks implements SubscriberLocks {
  private session: SqlSession | null = null;
  private opening: Promise<SqlSession> | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly held = new Map<string, Held>();
  private readonly acquiring = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private readonly schema: string;
  private readonly logger: Logger;
  private closed = false;

  constructor(
    private readonly client: SqlClient,
    private readonly options: PostgresSubscriberLocksOptions = {},
  ) {
    this.schema = storeSchema(options.schema).name;
    this.logger = options.logger ?? stderrLogger;
  }

  async tryAcquire(name: string): Promise<SubscriberLease | null> {
    checkIdentifier(name, 'subscriber name');
    if (this.closed) throw new SubscriberLockLostError(name, 'the locks were closed');
    // Advisory locks are re-entrant within a session: never take one this process already holds
    // (or is asking for right now).
    if (this.held.has(name) || this.acquiring.has(name)) return null;
    const key = `factum:${this.schema}:${name}`;
    const pglite = this.client.dialect === 'pglite' ? this.pgliteHeld() : null;
    if (pglite?.has(key)) return null;
    // Reserved before the first await, so that concurrent asks cannot both pass the checks above.
    this.acquiring.add(name);
    pglite?.add(key);
    let controller: AbortController | null = null;
    try {
      const session = await this.connect();
      const { rows } = await this.serially(() =>
        session.query<{ acquired: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as acquired', [key]),
      );
      if (!rows[0]?.acquired) return null;
      if (this.session !== session || session.lost.aborted) {
        // The connection died while we asked: whatever we got is gone with it.
        return null;
      }
      controller = new AbortController();
      this.held.set(name, { controller, key });
    } finally {
      this.acquiring.delete(name);
      if (!controller) pglite?.delete(key);
    }
    const taken = controller;
    return {
      name,
      lost: taken.signal,
      release: () => this.release(name, taken),
    };
  }

  /** The subscribers this process holds the lock of. */
  holding(): string[] {
    return [...this.held.keys()].sort();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopHeartbeat();
    const session = this.session ?? (await this.opening?.catch(() => null)) ?? null;
    this.session = null;
    for (const [name] of this.held) this.forget(name);
    // Ending the connection frees every lock it holds.
    await session?.release();
  }

  private async release(name: string, controller: AbortController): Promise<void> {
    const held = this.held.get(name);
    if (!held || held.controller !== controller) return;
    this.forget(name);
    const session = this.session;
    if (!session || session.lost.aborted) return;
    await this.serially(() => session.query('select pg_advisory_unlock(hashtextextended($1, 0))', [held.key]));
  }

  private forget(name: string): void {
    const held = this.held.get(name);
    if (!held) return;
    this.held.delete(name);
    if (this.client.dialect === 'pglite') this.pgliteHeld().delete(held.key);
  }

  private connect(): Promise<SqlSession> {
    if (this.session && !this.session.lost.aborted) return Promise.resolve(this.session);
    this.opening ??= this.open().finally(() => (this.opening = null));
    return this.opening;
  }

  private async open(): Promise<SqlSession> {
    const session = await this.client.session();
    if (this.closed) {
      await session.release();
      throw new SubscriberLockLostError('*', 'the locks were closed');
    }
    const timeout = this.options.stalledHolderTimeoutMs ?? 10_000;
    if (this.client.dialect === 'postgres' && timeout > 0) {
      try {
        await session.query(`set idle_session_timeout = ${Math.max(1, Math.floor(timeout))}`);
      } catch (error) {
        // Before Postgres 14 there is no such setting; TCP keepalive still ends dead connections.
        this.logger.debug({ err: error }, 'idle_session_timeout is not available; relying on TCP keepalive');
      }
    }
    session.lost.addEventListener('abort', () => this.lose(session, session.lost.reason), { once: true });
    this.session = session;
    this.startHeartbeat(session);
    return session;
  }

  /** Every lease held through `session` is gone: tell their holders and drop the connection. */
  private lose(session: SqlSession, reason: unknown): void {
    if (this.session !== session) return;
    this.session = null;
    this.stopHeartbeat();
    const names = [...this.held.keys()];
    const leases = names.map((name) => this.held.get(name)!);
    for (const name of names) this.forget(name);
    if (names.length > 0) this.logger.warn({ err: reason, subscribers: names }, 'lost the subscriber lock connection; its subscribers stop here');
    for (const [index, held] of leases.entries())
      held.controller.abort(new SubscriberLockLostError(names[index]!, reason instanceof Error ? reason.message : String(reason)));
    void session.release();
  }

  private startHeartbeat(session: SqlSession): void {
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => {
      this.serially(() => session.query('select 1')).catch((error: unknown) => this.lose(session, error));
    }, this.options.heartbeatMs ?? 1_000);
    this.heartbeat.unref?.();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /**
   * Runs the statements on the lock connection one after another: runners, the partition
   * balancer and the heartbeat ask concurrently, and one connection runs one query at a time.
   */
  private serially<T>(statement: () => Promise<T>): Promise<T> {
    const result = this.queue.then(statement, statement);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private pgliteHeld(): Set<string> {
    const database = (this.client as { db?: object }).db ?? this.client;
    let set = pgliteHolders.get(database);
    if (!set) pgliteHolders.set(database, (set = new Set()));
    return set;
  }
}
