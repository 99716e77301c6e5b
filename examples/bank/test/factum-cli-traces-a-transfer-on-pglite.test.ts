// The factum CLI on the bank's embedded database (PGlite in a folder), as a user runs it after a
// transfer: `trace` prints the transfer's causation tree, `events show` its stream, `status` the
// subscribers; nothing is created where it was not asked for.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PostgresSubscriberStore } from '@factum/postgres';
import { Deposit, OpenAccount } from '../src/accounts/account-messages';
import { startPostgresBank } from '../src/bank-app';
import { RequestTransfer } from '../src/transfers/transfer-messages';
import { watchTransferOutcomes } from './transfer-outcomes';

const postgresPackage = resolve(__dirname, '../../../packages/postgres');
// Each run opens PGlite in a fresh process: seconds each, many more on a loaded machine.
const SLOW = 300_000;
const running = new Set<ReturnType<typeof spawn>>();

/** `factum <args>` in a child process, on the package's TypeScript sources (no build needed). */
function factum(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['-r', join(postgresPackage, 'test/support/register-sources.js'), join(postgresPackage, 'src/cli/main.ts'), ...args],
      { env: { ...process.env, DATABASE_URL: undefined }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => {
      running.delete(child);
      done({ code, stdout, stderr });
    });
  });
}

describe('factum on the bank’s PGlite folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'factum-bank-cli-'));
  const dir = join(root, 'bank');
  let commandId: string;
  let completedId: string;
  let deadLetterId: string;

  beforeAll(async () => {
    const bank = await startPostgresBank({ pglite: dir });
    const outcomes = watchTransferOutcomes(bank.app);
    try {
      await bank.app.dispatch(OpenAccount({ accountId: 'alice', owner: 'Alice' }));
      await bank.app.dispatch(OpenAccount({ accountId: 'bob', owner: 'Bob' }));
      await bank.app.dispatch(Deposit({ accountId: 'alice', amount: 1_000 }));
      commandId = (await bank.app.dispatch(RequestTransfer({ transferId: 't1', from: 'alice', to: 'bob', amount: 300 }))).commandId;
      await outcomes.of('t1', 20_000);
      for await (const event of bank.app.store.readStream('transfer-t1')) if (event.type === 'TransferCompleted') completedId = event.eventId;
      // A dead letter of a projector, as the `skip` policy leaves one, for the dead-letter commands.
      const [deposit] = await collect(bank.app.store.readStream('account-alice', { fromVersion: 2, limit: 1 }));
      deadLetterId = deposit!.eventId;
      await new PostgresSubscriberStore(bank.db).deadLetters.add({
        subscriber: 'bank-statements',
        eventId: deposit!.eventId,
        eventType: deposit!.type,
        streamId: deposit!.streamId,
        version: deposit!.version,
        position: deposit!.position,
        error: { name: 'Error', message: 'statement table was locked', code: null, stack: null },
        attempts: 3,
      });
    } finally {
      outcomes.stop();
      await bank.close();
    }
  }, SLOW);
  afterAll(async () => {
    // A run cut short by a timeout must not write into the folder while it is removed.
    await Promise.all([...running].map((child) => new Promise((exited) => (child.once('exit', exited), child.kill('SIGKILL')))));
    rmSync(root, { recursive: true, force: true });
  });

  it(
    'trace prints the transfer as a causation tree, from its command id or from one of its events',
    async () => {
      const byCommand = await factum(['trace', commandId, '--pglite', dir]);
      expect(byCommand.stderr).toBe('');
      expect(byCommand.code).toBe(0);
      const shape = byCommand.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.replace(/^([│├└─ ]*)(\S+)(\s+(\S+)@\d+)?.*$/, '$1$2 $4').trimEnd());
      expect(shape).toEqual([
        `${commandId}`,
        '└─ TransferRequested transfer-t1',
        '   └─ MoneyWithdrawn account-alice',
        '      └─ MoneyDeposited account-bob',
        '         └─ TransferCompleted transfer-t1',
      ]);
      expect(byCommand.stdout).toContain('via Withdraw');

      const byEvent = await factum(['trace', completedId, '--pglite', dir]);
      expect(byEvent.code).toBe(0);
      expect(byEvent.stdout.split('\n').filter((line) => line.endsWith('<=='))).toEqual([expect.stringMatching(/└─ TransferCompleted\s+transfer-t1@\d/)]);

      const json = await factum(['trace', commandId, '--pglite', dir, '--json']);
      const [tree] = JSON.parse(json.stdout) as Array<{ id: string; effects: Array<{ event: { type: string } }> }>;
      expect(tree!.id).toBe(commandId);
      expect(tree!.effects.map((effect) => effect.event.type)).toEqual(['TransferRequested']);

      const unknown = await factum(['trace', 'no-such-id', '--pglite', dir]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/NOTHING_TRACED/);
    },
    SLOW,
  );

  it(
    'events show prints a stream with positions, times, causation and correlation',
    async () => {
      const shown = await factum(['events', 'show', 'transfer-t1', '--pglite', dir]);
      expect(shown.code).toBe(0);
      const lines = shown.stdout.trimEnd().split('\n');
      expect(lines.map((line) => line.split(/\s+/)[3])).toEqual(['TransferRequested', 'TransferCompleted']);
      expect(lines[0]).toMatch(/^\S+\s+\d{4}-\d\d-\d\dT\S+Z\s+transfer-t1@1\s+TransferRequested\s+id=\S+\s+causation=\S+\s+correlation=\S+$/);
      expect(lines[0]).toContain(`causation=${commandId}`);
      expect(lines[1]).toContain(`correlation=${commandId}`);
    },
    SLOW,
  );

  it(
    'status lists the subscribers; dead letters are listed, skipped, and a retry nobody performs times out',
    async () => {
      const status = await factum(['status', '--pglite', dir, '--json']);
      expect(status.code).toBe(0);
      const names = (JSON.parse(status.stdout) as { subscribers: Array<{ name: string; lag: number }> }).subscribers.map((s) => s.name);
      expect(names).toEqual(['bank-balances', 'bank-statements', 'bank-transfers', 'transfers']);

      const listed = await factum(['dead-letters', 'list', 'bank-statements', '--pglite', dir]);
      expect(listed.stdout).toContain(deadLetterId);
      expect(listed.stdout).toContain('statement table was locked');
      // No app runs: the request is cancelled after the timeout, never performed later by surprise.
      const retry = await factum(['dead-letters', 'retry', 'bank-statements', deadLetterId, '--timeout', '300', '--pglite', dir]);
      expect(retry.code).toBe(1);
      expect(retry.stderr).toMatch(/OPERATION_TIMEOUT/);
      expect((await factum(['dead-letters', 'skip', 'bank-statements', deadLetterId, '--pglite', dir])).code).toBe(0);
      expect((await factum(['dead-letters', 'list', 'bank-statements', '--pglite', dir])).stdout).toMatch(/no dead letters/);
      const unknown = await factum(['dead-letters', 'list', 'no-such-subscriber', '--pglite', dir]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/UNKNOWN_SUBSCRIBER/);
    },
    SLOW,
  );

  it(
    'refuses a folder that does not exist, or holds no database, and creates nothing',
    async () => {
      const missing = join(root, 'not-there');
      for (const command of [['status'], ['migrate'], ['trace', 'x']]) {
        const run = await factum([...command, '--pglite', missing]);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/DATABASE_NOT_FOUND/);
      }
      expect(existsSync(missing)).toBe(false);
      const empty = join(root, 'empty');
      mkdirSync(empty);
      const run = await factum(['status', '--pglite', empty]);
      expect(run.stderr).toMatch(/holds no PGlite database/);
      expect(existsSync(join(empty, 'PG_VERSION'))).toBe(false);
      // Asked to, migrate creates the database in an existing folder.
      expect((await factum(['migrate', '--pglite', empty])).code).toBe(0);
      expect(existsSync(join(empty, 'PG_VERSION'))).toBe(true);
    },
    SLOW,
  );
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
