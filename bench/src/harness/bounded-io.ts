/**
 * A per-process I/O client with a fixed number of connections, as a real process has (a pool,
 * an HTTP agent's `maxSockets`, a rate-limited client): at most `connections` calls run at
 * once, the others queue in call order. `Infinity`: unbounded.
 */
export class BoundedIo {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly connections: number) {}

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.active < this.connections) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the slot is handed over as it frees
    try {
      return await call();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
