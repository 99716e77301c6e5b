// An Idempotency-Key is bound to the first request that was executed with it (the IETF
// idempotency-key draft; Stripe does the same). The key is the command id, so a repeat of that
// request is executed once; the binding is what refuses a different request under the same key,
// on whatever route or account, with 422 instead of answering the first one's result.
import { createHash } from 'node:crypto';
import { FactumError } from '@factum/core';
import type { SqlExecutor } from '@factum/postgres';
import { READ_MODEL_SCHEMA } from '../read-models/postgres/read-model-tables';

const table = `${READ_MODEL_SCHEMA}.idempotency_keys`;

export class IdempotencyKeyReusedError extends FactumError {
  static readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly key: string) {
    super(
      IdempotencyKeyReusedError.code,
      `The Idempotency-Key '${key}' was used for a different request. Use a new key for a new request; send the same request to retry.`,
    );
  }
}

export async function createIdempotencyKeyTable(db: SqlExecutor): Promise<void> {
  await db.query(`create schema if not exists ${READ_MODEL_SCHEMA}`);
  await db.query(`create table if not exists ${table} (
    key text primary key, fingerprint text not null, created_at timestamptz not null default now())`);
}

/** Canonical JSON: object keys sorted, so `{a,b}` and `{b,a}` are one request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two requests "the same": method, route, path parameters and the validated body. */
export function requestFingerprint(method: string, route: string, params: unknown, body: unknown): string {
  return createHash('sha256')
    .update(canonical([method, route, params ?? null, body ?? null]))
    .digest('hex');
}

export interface KeyClaim {
  /** True when this request bound the key (it was free). */
  readonly fresh: boolean;
  /** Frees a key this request bound, when its command was refused: nothing was executed under it. */
  release(): Promise<void>;
}

/** Binds the key to this request, or confirms it is bound to the same one; refuses a different one. */
export async function claimIdempotencyKey(db: SqlExecutor, key: string, fingerprint: string): Promise<KeyClaim> {
  const inserted = await db.query(`insert into ${table} (key, fingerprint) values ($1, $2) on conflict (key) do nothing returning key`, [key, fingerprint]);
  const fresh = inserted.rows.length === 1;
  if (!fresh) {
    const bound = await db.query<{ fingerprint: string }>(`select fingerprint from ${table} where key = $1`, [key]);
    // Released meanwhile (the other request was refused): take it again.
    if (bound.rows.length === 0) return claimIdempotencyKey(db, key, fingerprint);
    if (bound.rows[0]!.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(key);
  }
  return {
    fresh,
    release: async () => {
      if (fresh) await db.query(`delete from ${table} where key = $1 and fingerprint = $2`, [key, fingerprint]);
    },
  };
}
