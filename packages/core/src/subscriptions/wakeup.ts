import { Aborted } from './abort';

/**
 * Where a runner waits for something to do: new events, a restart, a rebuild request, or a
 * timer. Any `poke` ends every current wait; the abort signal ends it with `Aborted`.
 *
 * A poke while nobody waits is kept, and ends the next wait at once. The runner decides to wait
 * a few microtasks after it last looked (it awaits the feed's answer first), and the event that
 * arrives in between pokes only once: forgotten, the runner would sleep beside it for good.
 */
export class Wakeup {
  private readonly waiters = new Set<() => void>();
  private missed = false;

  poke(): void {
    if (this.waiters.size === 0) {
      this.missed = true;
      return;
    }
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Waits for a poke or `ms` (forever when undefined); rejects with `Aborted` when `signal` aborts. */
  wait(ms: number | undefined, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new Aborted(signal.reason));
      if (this.missed) {
        this.missed = false;
        return resolve();
      }
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiters.delete(done);
        resolve();
      };
      const onAbort = (): void => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(done);
        reject(new Aborted(signal.reason));
      };
      this.waiters.add(done);
      signal.addEventListener('abort', onAbort, { once: true });
      if (ms !== undefined) {
        timer = setTimeout(done, ms);
        timer.unref?.();
      }
    });
  }
}
