import type { PGlite } from '@electric-sql/pglite';
import { InvalidInputError } from '@factum/event-store';
import type { Pool, PoolConfig } from 'pg';
import type { Logger } from '../logger';
import { PgSqlClient } from './pg-client';
import { PgliteSqlClient } from './pglite-client';
import { isSqlClient, type SqlClient } from './sql-client';

/**
 * Where the stores find their database:
 * - a connection string (`postgres://user@host/db`) or `{ pool: PoolConfig }`: a pool is created
 *   and closed with the store;
 * - a `pg` Pool or a PGlite instance: used as given, left open on close (you own it);
 * - `{ pglite: dir }`: an embedded database persisted in `dir` (`'memory://'` for none), created
 *   and closed with the store;
 * - a `SqlClient`: shared as is (several stores on one client).
 */
export type SqlSource = string | Pool | PGlite | SqlClient | { pool: PoolConfig } | { pglite: string };

function isPool(value: object): value is Pool {
  const pool = value as Partial<Pool>;
  return typeof pool.connect === 'function' && typeof pool.query === 'function' && 'totalCount' in pool;
}

function isPglite(value: object): value is PGlite {
  const db = value as Partial<PGlite>;
  return typeof db.listen === 'function' && typeof db.exec === 'function' && 'waitReady' in db;
}

/** Turns any `SqlSource` into a `SqlClient`. */
export function createSqlClient(source: SqlSource, logger?: Logger): SqlClient {
  if (typeof source === 'string') {
    if (!/^postgres(ql)?:\/\//.test(source)) {
      throw new InvalidInputError('connection', "a connection string starts with 'postgres://' (for an embedded database pass { pglite: dir })");
    }
    return PgSqlClient.connect(source, logger);
  }
  if (typeof source !== 'object' || source === null) {
    throw new InvalidInputError('connection', 'expected a connection string, a pg Pool, a PGlite instance, { pool }, { pglite } or a SqlClient');
  }
  if (isSqlClient(source)) return source;
  if ('pglite' in source && typeof source.pglite === 'string') return PgliteSqlClient.open(source.pglite);
  if ('pool' in source && typeof source.pool === 'object') return PgSqlClient.connect(source.pool, logger);
  if (isPool(source)) return new PgSqlClient(source, { logger });
  if (isPglite(source)) return new PgliteSqlClient(source);
  throw new InvalidInputError('connection', 'expected a connection string, a pg Pool, a PGlite instance, { pool }, { pglite } or a SqlClient');
}
