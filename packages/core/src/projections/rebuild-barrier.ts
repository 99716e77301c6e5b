import { deferred } from '../subscriptions/abort';

/**
 * Where the partitions of one projector meet during a rebuild: each deletes its checkpoint and
 * arrives; once all have arrived (none handles events any more), the read model is reset once,
 * and all replay. Resetting per partition would wipe what the others had already replayed.
 */
export class RebuildBarrier {
  private arrived = 0;
  private readonly done = deferred<void>();

  constructor(
    private readonly parties: number,
    private readonly reset: () => Promise<void>,
  ) {
    this.done.promise.catch(() => undefined);
  }

  /** Resolves once every partition has arrived and the read model is reset; rejects if the reset fails. */
  async arrive(signal: AbortSignal): Promise<void> {
    this.arrived++;
    if (this.arrived === this.parties) this.reset().then(this.done.resolve, this.done.reject);
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.done.promise.then(
        () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}
