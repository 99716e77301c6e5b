import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteSqlClient } from '../src/client/pglite-client';
import type { SqlClient } from '../src/client/sql-client';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { runMigrations } from '../src/migrations/run-migrations';
import { storeSchema } from '../src/schema/store-schema';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { runFactum } from './support/cli-process';
import { onServer, openTestDatabase, type TestDatabase } from './support/subscriptions-database';

const LEDGER = 'typed_ledger';

interface Target {
  label: string;
  /** The connection options of the CLI. */
  args: string[];
  env: Record<string, string | undefined>;
  open(): Promise<SqlClient>;
  /** Lets the CLI at the database (PGlite: one process at a time). */
  release(): Promise<void>;
  cleanup(): Promise<void>;
}

function pgliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'factum-cli-pglite-'));
  let client: PgliteSqlClient | null = null;
  return {
    label: 'on a PGlite folder',
    args: ['--pglite', dir],
    env: {},
    async open() {
      client = PgliteSqlClient.open(dir);
      await runMigrations(client, storeSchema('factum'));
      return client;
    },
    async release() {
      await client?.close();
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresTarget(): Target {
  let db: TestDatabase;
  return {
    label: 'on Postgres',
    get args() {
      return ['--schema', db.schema];
    },
    get env() {
      return { DATABASE_URL: db.url };
    },
    async open() {
      db = await openTestDatabase('cli_typed');
      return db.client;
    },
    async release() {},
    async cleanup() {
      await db.drop();
    },
  };
}

// What an operator reads with the CLI needs no running app: status with lag over the types a
// subscriber reads, lag in seconds and its owner; each `events tail` filter on its own; dead
// letters listed and skipped; a retry with no process running the subscriber times out clearly.
for (const make of onServer ? [pgliteTarget, postgresTarget] : [pgliteTarget]) {
  const target = make();
  describe(`the factum CLI ${target.label}, as a user runs it (child processes)`, () => {
    let stream1: string[];
    let deadEvent: string;
    const factum = (...args: string[]) => runFactum([...args, ...target.args], target.env);

    beforeAll(async () => {
      const client = await target.open();
      const schema = target.args.includes('--schema') ? target.args[target.args.indexOf('--schema') + 1]! : 'factum';
      const store = new PostgresEventStore(client, { schema, pollIntervalMs: 50 });
      const subscribers = new PostgresSubscriberStore(client, { schema });
      const first = await store.append('wallet-1', [{ type: 'Deposited', data: { amount: 1 } }]);
      await subscribers.checkpoints.set(LEDGER, first.position);
      const { events } = await store.append('wallet-1', [
        { type: 'Deposited', data: { amount: 2 }, correlationId: 'order-9' },
        { type: 'Noise', data: {} },
        { type: 'Noise', data: {}, correlationId: 'order-9' },
        { type: 'Deposited', data: { amount: 3 } },
      ]);
      await store.append('crate-7', [{ type: 'Noise', data: { in: 'crate' } }]);
      stream1 = [first.events[0]!.eventId, ...events.map((event) => event.eventId)];
      deadEvent = events[3]!.eventId;
      await subscribers.operations.publish({
        subscriber: LEDGER,
        kind: 'projector',
        eventTypes: ['Deposited'],
        owner: 'app-host:42',
        state: 'live',
        position: first.position,
        eventsPerSecond: 1.5,
        lastError: null,
      });
      await subscribers.deadLetters.add({
        subscriber: LEDGER,
        eventId: deadEvent,
        eventType: 'Deposited',
        streamId: 'wallet-1',
        version: 5,
        position: events[3]!.position,
        error: { name: 'Error', message: 'cannot book 3', code: null, stack: null },
        attempts: 1,
      });
      await store.close();
      await target.release();
    }, 120_000);
    afterAll(() => target.cleanup());

    it('status --json: lag counts only the types the subscriber reads, with lag seconds and owner', async () => {
      const run = await factum('status', '--json');
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const ledger = (JSON.parse(run.stdout) as { subscribers: Array<Record<string, unknown>> }).subscribers.find((s) => s.name === LEDGER);
      // Four events after its checkpoint, two of them Deposited.
      expect(ledger).toMatchObject({ kind: 'projector', lag: 2, lagCapped: false, lagFiltered: true, owner: 'app-host:42', deadLetters: 1 });
      expect(typeof ledger!.lagSeconds).toBe('number');
      expect(ledger!.lagSeconds as number).toBeGreaterThanOrEqual(0);
    }, 120_000);

    it('events tail: --stream, --category, --type and --correlation each select what they say', async () => {
      const tail = async (...args: string[]) => {
        const run = await factum('events', 'tail', '--from-start', '--json', ...args);
        expect(run.code).toBe(0);
        return run.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { streamId: string; type: string; eventId: string; correlationId: string | null });
      };
      expect((await tail('--stream', 'wallet-1', '--limit', '5')).map((event) => event.eventId)).toEqual(stream1);
      expect((await tail('--category', 'crate', '--limit', '1')).map((event) => `${event.streamId}:${event.type}`)).toEqual(['crate-7:Noise']);
      expect((await tail('--type', 'Noise', '--limit', '3')).map((event) => event.streamId)).toEqual(['wallet-1', 'wallet-1', 'crate-7']);
      expect((await tail('--correlation', 'order-9', '--limit', '2')).map((event) => event.type)).toEqual(['Deposited', 'Noise']);
    }, 120_000);

    it('lists and skips dead letters without an app; a retry with no app running times out naming the subscriber', async () => {
      const listed = await factum('dead-letters', 'list', LEDGER, '--json');
      expect(listed.code).toBe(0);
      expect((JSON.parse(listed.stdout) as Array<{ eventId: string; attempts: number }>).map((letter) => letter.eventId)).toEqual([deadEvent]);

      const retry = await factum('dead-letters', 'retry', LEDGER, deadEvent, '--timeout', '500');
      expect(retry.code).toBe(1);
      expect(retry.stderr).toMatch(/No process took the 'retry-dead-letter' request for subscriber 'typed_ledger'[\s\S]*OPERATION_TIMEOUT/);

      expect((await factum('dead-letters', 'skip', LEDGER, deadEvent)).code).toBe(0);
      const again = await factum('dead-letters', 'skip', LEDGER, deadEvent);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('DEAD_LETTER_NOT_FOUND');
      expect(JSON.parse((await factum('dead-letters', 'list', LEDGER, '--json')).stdout)).toEqual([]);
    }, 120_000);
  });
}
