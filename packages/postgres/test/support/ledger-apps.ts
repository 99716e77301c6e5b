// A test database with one transactional ledger projector's tables, run by child apps
// (operations-child-app.ts) whose bug and hang are switched by files: what the CLI and operations
// tests share.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '../../src/events/postgres-event-store';
import { spawnChildApp, type ChildApp } from './subscriptions-child-process';
import { ledgerTables } from './subscriptions-domain';
import { openTestDatabase, type TestDatabase } from './subscriptions-database';

export interface LedgerApps {
  db: TestDatabase;
  store: PostgresEventStore;
  /** While this file exists, the ledger's handler fails on negative amounts. */
  failFlag: string;
  /** While this file exists, the handler hangs on negative amounts inside its open transaction. */
  hangFlag: string;
  /** Starts a child app running the ledger, named `processName`. */
  startApp(processName: string): ChildApp;
  /** Kills every child app started, then drops the database. */
  close(): Promise<void>;
}

export async function openLedgerApps(ledger: string, database: string): Promise<LedgerApps> {
  const db = await openTestDatabase(database);
  const store = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
  for (const statement of ledgerTables(db.schema, ledger)) await db.client.query(statement);
  const dir = mkdtempSync(join(tmpdir(), `factum-${database.replace(/_/g, '-')}-`));
  const failFlag = join(dir, 'bug');
  const hangFlag = join(dir, 'hang');
  const children: ChildApp[] = [];
  return {
    db,
    store,
    failFlag,
    hangFlag,
    startApp(processName) {
      const env = { DATABASE_URL: db.url!, SCHEMA: db.schema, PROJECTOR: ledger, FAIL_FLAG: failFlag, HANG_FLAG: hangFlag, PROCESS_NAME: processName };
      const child = spawnChildApp(env, 'operations-child-app.ts');
      children.push(child);
      return child;
    },
    async close() {
      await Promise.all(children.map((child) => child.kill('SIGKILL')));
      await store.close();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
