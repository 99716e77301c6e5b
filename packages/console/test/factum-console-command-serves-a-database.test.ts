// `npx factum console`: the standalone console on a database, local by default, with a printed
// token when actions are allowed, and the stored checkpoints and dead letters on its subscribers page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStores } from '@factum/postgres';
import { runConsoleCommand, type ConsoleServer } from '@factum/console';

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'factum-console-'));
  const stores = createPostgresStores({ pglite: dir });
  await stores.migrate();
  const appended = await stores.events.append('order-1', [{ type: 'OrderPlaced', data: { total: 5 } }]);
  await stores.checkpoints.set('order-totals', appended.position);
  await stores.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(visit?: (server: ConsoleServer) => Promise<void>) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { env: {}, out: (text: string) => out.push(text), err: (text: string) => err.push(text), untilStopped: visit },
  };
}

it('serves the log and the stored checkpoints on 127.0.0.1, read-only unless told, and prints where', async () => {
  const pages: Record<string, string> = {};
  const run = io(async (server) => {
    for (const path of ['', 'subscribers']) pages[path] = await (await fetch(`${server.url}${path}`)).text();
    const action = await fetch(`${server.url}actions/restart`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"subscriber":"order-totals"}',
    });
    pages['action'] = `${action.status}`;
  });
  expect(await runConsoleCommand(['--pglite', dir, '--port', '0'], run.io)).toBe(0);
  expect(run.out.join('')).toMatch(/^Factum Console: http:\/\/127\.0\.0\.1:\d+\/\nRead-only/);
  expect(pages['']).toContain('OrderPlaced');
  expect(pages['subscribers']).toContain('order-totals');
  expect(pages['action']).toBe('403');
});

it('generates and prints a token with --allow-actions; actions then need it, and answer 501 without an app', async () => {
  let statuses: number[] = [];
  const run = io(async (server) => {
    const post = (token?: string) =>
      fetch(`${server.url}actions/restart`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: '{"subscriber":"order-totals"}',
      });
    statuses = [(await post()).status, (await post('wrong-token-wrong-token')).status, (await post(server.token!)).status];
  });
  expect(await runConsoleCommand(['--pglite', dir, '--port', '0', '--allow-actions'], run.io)).toBe(0);
  expect(run.out.join('')).toMatch(/Actions allowed; token: [\w-]{24,}\n/);
  expect(statuses).toEqual([403, 403, 501]);
});

it('refuses unclear command lines with exit code 2 and the reason', async () => {
  for (const [args, reason] of [
    [[], 'No database'],
    [['--pglite', dir, '--database-url', 'postgres://x'], 'either --database-url or --pglite'],
    [['--pglite', dir, '--port', 'eighty'], '--port must be a whole number'],
    [['--pglite', dir, '--token', 'abcdefabcdefabcdef'], '--token is only used with --allow-actions'],
    [['--pglite', dir, '--bogus'], "Unknown option '--bogus'"],
  ] as const) {
    const run = io();
    expect(await runConsoleCommand(args, run.io)).toBe(2);
    expect(run.err.join('')).toContain(reason);
  }
});
