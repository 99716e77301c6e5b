const ignore = (): void => undefined;

/**
 * Runs tasks one at a time per key, in arrival order; tasks of different keys run concurrently.
 * Commands on one aggregate in one process are serialised here, so they never race each other
 * on the cached instance; writers elsewhere are caught by the append's expected version.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(task) : task();
    const tail = result.then(ignore, ignore);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  get size(): number {
    return this.tails.size;
  }
}
