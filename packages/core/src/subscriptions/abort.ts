/**
 * Cancellation helpers for subscriber loops: every wait of a runner ends as soon as the app
 * closes or the runner loses its lease, so a stale runner never acts after losing leadership.
 */

/** Thrown out of a runner's work when its signal aborts; never surfaced to users. */
export class Aborted extends Error {
  constructor(readonly reason: unknown) {
    super('aborted');
  }
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Aborted(signal.reason);
}

/** Resolves after `ms`, or rejects with `Aborted` as soon as `signal` aborts. Never keeps the process alive. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Aborted(signal.reason));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Aborted(signal.reason));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    timer.unref?.();
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A signal that aborts when any of `signals` does, with that one's reason. */
export function anySignal(...signals: AbortSignal[]): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const listeners: Array<() => void> = [];
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    const listener = (): void => controller.abort(signal.reason);
    signal.addEventListener('abort', listener, { once: true });
    listeners.push(() => signal.removeEventListener('abort', listener));
  }
  return { signal: controller.signal, dispose: () => listeners.forEach((remove) => remove()) };
}

/** A promise with its resolve and reject at hand. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
