import { CliUsageError } from './cli-errors';

/** How long a command that asks a running app to act waits for it, by default. */
export const DEFAULT_WAIT_MS = 10_000;

/**
 * The `--timeout MS` of the commands that ask a running app to act: how long to wait for a
 * process to take the request, and then for a sign of life of the process performing it.
 */
export function waitOption(values: Record<string, unknown>): { claimTimeoutMs: number; stallTimeoutMs: number } {
  const given = values.timeout;
  if (given === undefined) return { claimTimeoutMs: DEFAULT_WAIT_MS, stallTimeoutMs: DEFAULT_WAIT_MS };
  const ms = Number(given);
  if (typeof given !== 'string' || !/^\d+$/.test(given.trim()) || !Number.isSafeInteger(ms) || ms <= 0) {
    throw new CliUsageError(`--timeout takes a whole number of milliseconds above 0; got ${JSON.stringify(given)}.`);
  }
  return { claimTimeoutMs: ms, stallTimeoutMs: ms };
}
