import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerResult, WorkerTask } from '../workloads/types.js';

const WORKER = fileURLToPath(new URL('../worker.js', import.meta.url));

/**
 * Runs one task in a fresh Node process and returns what it reported. The child's output goes
 * to stderr so that stdout carries only the table and the JSON line. A child still running after
 * `timeoutMs` is killed (SIGKILL) and reported `timed_out`, so one stuck system never hangs the bench.
 */
export function runInChild(task: WorkerTask, timeoutMs: number, execArgv: string[] = []): Promise<WorkerResult> {
  return new Promise((resolve) => {
    const child = fork(WORKER, [], { stdio: ['ignore', 2, 2, 'ipc'], execArgv, env: process.env });
    let result: WorkerResult | undefined;
    const timer = setTimeout(() => {
      result ??= { status: 'timed_out', reason: `did not finish within its time cap (${Math.round(timeoutMs / 1000)} s left of it)` };
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (message: WorkerResult) => {
      result ??= message;
    });
    child.on('error', (error) => {
      result ??= { status: 'error', reason: error.message };
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(result ?? { status: 'error', reason: `worker exited with ${signal ?? `code ${code}`} before reporting` });
    });
    child.send(task);
  });
}
