// A bank on a database of its own for one test file: with DATABASE_URL a fresh database on that
// server (the read-model schema name is fixed, so files cannot share one), dropped at the end;
// without it, in-memory PGlite.
import { randomUUID } from 'node:crypto';
import type { SubscriberClass } from '@factum/core';
import { createSqlClient } from '@factum/postgres';
import { startPostgresBank, type PostgresBank } from '../src/bank-app';

const serverUrl = process.env.DATABASE_URL;

export const databaseKind = serverUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite (no DATABASE_URL set)';

async function admin(sql: string): Promise<void> {
  const client = createSqlClient(serverUrl!);
  try {
    await client.query(sql);
  } finally {
    await client.close();
  }
}

export interface TestBank extends PostgresBank {
  /** Closes the bank and drops its database. */
  dispose(): Promise<void>;
}

/** `projectors`: more projectors next to the bank's own. */
export async function startTestBank(options: { projectors?: readonly SubscriberClass[] } = {}): Promise<TestBank> {
  if (!serverUrl) {
    const bank = await startPostgresBank({ pglite: 'memory://' }, options);
    return { ...bank, dispose: () => bank.close() };
  }
  const database = `bank_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin(`create database ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const bank = await startPostgresBank(url.toString(), options);
  return {
    ...bank,
    async dispose() {
      await bank.close();
      await admin(`drop database if exists ${database} with (force)`);
    },
  };
}
