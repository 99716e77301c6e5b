import type { JsonValue } from '../contract/events';
import type { OperationRequest, SubscriberOperation, SubscriberOperations } from '../contract/subscriber-operations';
import { OperationFailedError, OperationTimeoutError, SubscriberNotRunningError } from '../errors/operation-errors';

export interface FollowOperationOptions {
  /** How long a request may stay pending (no process took it) before it is cancelled. Default 10,000 ms. */
  claimTimeoutMs?: number;
  /**
   * How long a taken request may go without a sign of life (its progress, or a report of the
   * subscriber from any process) before `SubscriberNotRunningError`; the request stays open.
   * Default: `claimTimeoutMs`.
   */
  stallTimeoutMs?: number;
  /** How often the request's record is read. Default 100 ms. */
  pollMs?: number;
  /** Called with each new progress report of the performer. */
  onProgress?: (progress: JsonValue) => void;
  /** Stops following (the request itself goes on) once aborted; rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called right after the request is recorded, e.g. to wake a performer in this process. */
  onRequested?: (operation: SubscriberOperation) => void;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort(): void {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });

/**
 * Records a request and follows it until the process that runs the subscriber has performed it:
 * resolves with its result, rejects with `OperationFailedError` when it failed there, and with
 * `OperationTimeoutError` when no process took it within `claimTimeoutMs` (it is then cancelled,
 * so it is never performed later by surprise), and with `SubscriberNotRunningError` when the
 * process that took it went silent for `stallTimeoutMs` and none took over. The waits are
 * measured on this process's clock, from changes it sees, so clocks of other hosts do not matter.
 */
export async function requestAndFollow(operations: SubscriberOperations, request: OperationRequest, options: FollowOperationOptions = {}): Promise<JsonValue> {
  const claimTimeoutMs = options.claimTimeoutMs ?? 10_000;
  const pollMs = options.pollMs ?? 100;
  const operation = await operations.request(request);
  options.onRequested?.(operation);
  const stallTimeoutMs = options.stallTimeoutMs ?? claimTimeoutMs;
  const deadline = Date.now() + claimTimeoutMs;
  const life = new SignsOfLife(operations, operation.subscriber);
  let lastProgress: string | null = null;
  for (;;) {
    const current = await operations.get(operation.id);
    if (!current) throw new OperationFailedError(operation.subscriber, operation.kind, null, 'the request disappeared from the store');
    if (current.progress !== null && options.onProgress) {
      const text = JSON.stringify(current.progress);
      if (text !== lastProgress) {
        lastProgress = text;
        options.onProgress(current.progress);
      }
    }
    if (current.state === 'done') return current.result;
    if (current.state === 'failed')
      throw new OperationFailedError(current.subscriber, current.kind, current.error?.code ?? null, current.error?.message ?? 'unknown');
    if (current.state === 'pending' && Date.now() >= deadline) {
      const timeout = new OperationTimeoutError(current.subscriber, current.kind, claimTimeoutMs);
      if (await operations.cancel(current.id, { code: timeout.code, message: timeout.message })) throw timeout;
      continue; // claimed at the last moment: follow it
    }
    if (current.state === 'running' && (await life.silentFor(current)) >= stallTimeoutMs) {
      throw new SubscriberNotRunningError(current.subscriber, current.kind, current.performer, stallTimeoutMs);
    }
    await sleep(pollMs, options.signal);
  }
}

/**
 * When the caller last saw the request or the subscriber move: a new update of the request
 * (progress, a new performer) or a new report of the subscriber, from whichever process.
 */
class SignsOfLife {
  private seen = '';
  private since = Date.now();

  constructor(
    private readonly operations: SubscriberOperations,
    private readonly subscriber: string,
  ) {}

  async silentFor(operation: SubscriberOperation): Promise<number> {
    const report = (await this.operations.reports()).find((candidate) => candidate.subscriber === this.subscriber);
    const now = `${operation.performer}|${operation.updatedAt.getTime()}|${report?.owner}|${report?.reportedAt.getTime()}`;
    if (now !== this.seen) {
      this.seen = now;
      this.since = Date.now();
    }
    return Date.now() - this.since;
  }
}
