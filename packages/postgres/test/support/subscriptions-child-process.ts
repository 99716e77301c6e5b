import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export interface ChildApp {
  readonly process: ChildProcess;
  /** The latest JSON report of each kind (`active`, `paused`...), merged. */
  readonly latest: Record<string, unknown>;
  /** Resolves with the first report for which `check` holds (reports already seen included). */
  waitFor(check: (report: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Runs `script` (default `subscriptions-child-app.ts`, in this folder) in a real child process, on the packages' TypeScript sources. */
export function spawnChildApp(env: Record<string, string>, script = 'subscriptions-child-app.ts'): ChildApp {
  const support = __dirname;
  const child = spawn(process.execPath, ['-r', path.join(support, 'register-sources.js'), path.join(support, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reports: Record<string, unknown>[] = [];
  const latest: Record<string, unknown> = {};
  const waiters = new Set<() => void>();
  let stderr = '';
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const report = JSON.parse(line) as Record<string, unknown>;
      reports.push(report);
      Object.assign(latest, report);
    }
    for (const wake of [...waiters]) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => [...waiters].forEach((wake) => wake()));
  return {
    process: child,
    latest,
    waitFor(check, what, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const timer = setTimeout(() => finish(new Error(`child app: timed out waiting for ${what}; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
        const finish = (error: Error | null, report?: Record<string, unknown>): void => {
          clearTimeout(timer);
          waiters.delete(poll);
          if (error) reject(error);
          else resolve(report!);
        };
        const poll = (): void => {
          for (; seen < reports.length; seen++) if (check(reports[seen]!)) return finish(null, reports[seen]);
          if (child.exitCode !== null || child.signalCode !== null)
            finish(new Error(`child app exited (${child.exitCode ?? child.signalCode}) before ${what}; stderr: ${stderr.slice(-2000)}`));
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
