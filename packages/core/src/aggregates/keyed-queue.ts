/**
 * One holder per key at a time, in arrival order; different keys are held concurrently.
 * Commands on one aggregate in one process are serialised here, so they never race each other
 * on the cached instance; writers elsewhere are caught by the append's expected version.
 *
 * A caller takes its turn with `enter` and must `leave` when done (in a `finally`). A free key
 * costs no promise: dispatch enters and leaves once per command, and nearly always finds its key
 * free.
 */
export class KeyedQueue {
  /**
   * The key held while it is the only one and nobody waits for it; the map is empty then.
   * Sequential dispatch (one command at a time) holds one key at a time and never touches the
   * map: a `Map` that gains and loses its only entry on every command rebuilds its table each time.
   */
  private sole: string | null = null;
  /** The keys held now, each with the callers waiting for it (null while none is), oldest first. */
  private readonly held = new Map<string, (() => void)[] | null>();

  /** Null when the key was free (the caller holds it now); else resolves when the caller's turn comes. */
  enter(key: string): Promise<void> | null {
    const sole = this.sole;
    if (sole !== null) {
      // A second holder or a first waiter: both are kept in the map from now on.
      this.sole = null;
      if (sole !== key) {
        this.held.set(sole, null);
        this.held.set(key, null);
        return null;
      }
      const queue: (() => void)[] = [];
      this.held.set(key, queue);
      return new Promise((resolve) => queue.push(resolve));
    }
    if (this.held.size === 0) {
      this.sole = key;
      return null;
    }
    if (!this.held.has(key)) {
      this.held.set(key, null);
      return null;
    }
    let waiting = this.held.get(key);
    if (!waiting) this.held.set(key, (waiting = []));
    const queue = waiting;
    return new Promise((resolve) => queue.push(resolve));
  }

  /** Hands the key to the next caller waiting for it, or frees it. */
  leave(key: string): void {
    if (this.sole === key) {
      this.sole = null;
      return;
    }
    const next = this.held.get(key)?.shift();
    if (next) next();
    else this.held.delete(key);
  }

  /** How many keys are held. */
  get size(): number {
    return this.held.size + (this.sole === null ? 0 : 1);
  }
}
