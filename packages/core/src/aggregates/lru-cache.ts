interface Entry<K, V> {
  readonly key: K;
  value: V;
  /** Towards the most recently used entry. */
  newer: Entry<K, V> | null;
  /** Towards the least recently used entry. */
  older: Entry<K, V> | null;
}

/**
 * A bounded map that forgets the least recently used entry first. The entries form a list in
 * order of use: a hit relinks its entry at the newest end (no allocation, and the `Map` is only
 * written when a key comes or goes), which matters because dispatch touches it on every command.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, Entry<K, V>>();
  private newest: Entry<K, V> | null = null;
  private oldest: Entry<K, V> | null = null;

  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.touch(entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    if (this.capacity <= 0) return;
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.value = value;
      this.touch(entry);
      return;
    }
    const added: Entry<K, V> = { key, value, newer: null, older: this.newest };
    if (this.newest) this.newest.newer = added;
    this.newest = added;
    this.oldest ??= added;
    this.entries.set(key, added);
    if (this.entries.size > this.capacity) this.remove(this.oldest);
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (entry !== undefined) this.remove(entry);
  }

  clear(): void {
    this.entries.clear();
    this.newest = null;
    this.oldest = null;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Keys from the least to the most recently used. */
  keys(): K[] {
    const keys: K[] = [];
    for (let entry = this.oldest; entry; entry = entry.newer) keys.push(entry.key);
    return keys;
  }

  private touch(entry: Entry<K, V>): void {
    if (entry === this.newest) return;
    this.unlink(entry);
    entry.older = this.newest;
    entry.newer = null;
    this.newest!.newer = entry;
    this.newest = entry;
  }

  private remove(entry: Entry<K, V>): void {
    this.unlink(entry);
    this.entries.delete(entry.key);
  }

  private unlink(entry: Entry<K, V>): void {
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    entry.newer = null;
    entry.older = null;
  }
}
