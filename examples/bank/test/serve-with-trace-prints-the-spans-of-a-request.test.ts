import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// The HTTP server as a user starts it, with `--trace`, in a child process on its own PGlite
// folder: a request's command shows on the console as a span, its append as that span's child.

it('bank:serve --trace prints the spans of the commands its requests dispatch', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'factum-bank-serve-'));
  const register = path.join(__dirname, '../../../packages/postgres/test/support/register-sources.js');
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
  delete env.DATABASE_URL; // its own PGlite in `folder`, not the shared server
  const child = spawn(process.execPath, ['-r', register, path.join(__dirname, '../src/serve.ts'), '--trace'], {
    cwd: folder,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const until = async (check: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 120_000;
    while (!check()) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${what}: not seen; stderr: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  try {
    await until(() => /Server listening at http:\/\/127\.0\.0\.1:\d+/.test(stdout), 'the server listening');
    const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
    const response = await fetch(`${url}/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: 'traced', owner: 'Tracy' }),
    });
    expect(response.status).toBe(201);
    await until(() => stdout.includes("name: 'dispatch OpenAccount'") && stdout.includes("name: 'append'"), 'the spans printed');
    const dispatch = /^ {2}traceId: '([0-9a-f]{32})',\n(?:.*\n){2,3}? {2}name: 'dispatch OpenAccount',\n {2}id: '([0-9a-f]{16})'/m.exec(stdout)!;
    expect(dispatch).not.toBeNull();
    const [, traceId, spanId] = dispatch;
    expect(stdout).toMatch(new RegExp(`^ {2}traceId: '${traceId}',\\n {2}parentSpanContext: \\{\\n {4}traceId: '${traceId}',\\n {4}spanId: '${spanId}'`, 'm'));
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(folder, { recursive: true, force: true });
  }
}, 180_000);
