import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export interface Child {
  readonly process: ChildProcess;
  /** Resolves on the first JSON line for which `check` holds. */
  waitFor(check: (report: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Runs a script of test/support in a real child process, on the packages' TypeScript sources. */
export function spawnChild(script: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['-r', path.join(__dirname, 'register-sources.js'), path.join(__dirname, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reports: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.startsWith('{')) reports.push(JSON.parse(line) as Record<string, unknown>);
    for (const wake of [...waiters]) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => [...waiters].forEach((wake) => wake()));
  return {
    process: child,
    waitFor(check, what, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`child: timed out waiting for ${what}; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
        const finish = (error: Error | null): void => {
          clearTimeout(timer);
          waiters.delete(poll);
          if (error) reject(error);
          else resolve();
        };
        const poll = (): void => {
          if (reports.some(check)) return finish(null);
          if (child.exitCode !== null || child.signalCode !== null)
            finish(new Error(`child exited (${child.exitCode ?? child.signalCode}) before ${what}; stderr: ${stderr.slice(-2000)}`));
        };
        waiters.add(poll);
        poll();
      });
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
