import type { JsonValue } from '../contract/events';
import type { OperationRequest, SubscriberOperation, SubscriberOperations } from '../contract/subscriber-operations';
import { OperationFailedError, OperationTimeoutError } from '../errors/operation-errors';

export interface FollowOperationOptions {
  /** How long a request may stay pending (no process took it) before it is cancelled. Default 10,000 ms. */
  claimTimeoutMs?: number;
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
 * so it is never performed later by surprise).
 */
export async function requestAndFollow(operations: SubscriberOperations, request: OperationRequest, options: FollowOperationOptions = {}): Promise<JsonValue> {
  const claimTimeoutMs = options.claimTimeoutMs ?? 10_000;
  const pollMs = options.pollMs ?? 100;
  const operation = await operations.request(request);
  options.onRequested?.(operation);
  const deadline = Date.now() + claimTimeoutMs;
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
    await sleep(pollMs, options.signal);
  }
}
