/**
 * Write combining for a store's plain appends (group commit): at most `inFlight` append
 * statements run at once; appends that arrive while all of them are busy wait, and go together,
 * up to `maxGroup` of them, in the next statement. One statement and one transaction then carry
 * several appends, so what each costs the server once (a transaction id, a snapshot, a commit
 * record, a round trip, parse/bind/execute) is paid once per group instead of once per append.
 * While fewer than `inFlight` statements run, an append is sent at once and alone: at low load
 * nothing waits.
 *
 * A stream has at most one append statement in flight: a second append of it waits (without
 * taking a slot) until the first is done, then goes in a later statement, so a stream's appends
 * are sent in the order they were made, and two never share a group. A group is all or
 * nothing: when it writes nothing (the `group` sender gives `null`: one append was refused, or a
 * stream's lock was held elsewhere), each of its appends is sent alone, exactly as it would have
 * been without combining, so every caller gets the result or error of its own append. Those
 * appends no longer count against `inFlight`: one that waits for a stream's lock held by a long
 * transaction elsewhere does not hold up the appends of other streams. For the same reason a
 * statement still running after `SLOW_STATEMENT_MS` (an append sent alone, waiting for such a
 * lock) gives its slot back: the appends behind it go on, each stream still one at a time.
 */
export interface CombineAppendsOptions {
  /** Append statements running at once before appends start to wait and combine. Default 2. */
  inFlight?: number;
  /** The most appends one statement carries. Default 16. */
  maxGroup?: number;
}

/** What the combiner needs of an append: the stream it writes. */
export interface CombinableAppend {
  readonly streamId: string;
}

export interface AppendSenders<A extends CombinableAppend, R> {
  /** Sends one append on its own, as without combining. */
  alone(append: A): Promise<R>;
  /**
   * Sends two or more appends of distinct streams as one statement: a settled result per append,
   * in order, or `null` when the statement wrote nothing and each should be sent alone.
   */
  group(appends: readonly A[]): Promise<ReadonlyArray<PromiseSettledResult<R>> | null>;
}

/**
 * After this long a statement stops counting against `inFlight`. Appends take a few milliseconds;
 * one that takes longer is most likely waiting for a stream's lock that a transaction holds.
 */
export const SLOW_STATEMENT_MS = 100;

interface Waiting<A, R> {
  append: A;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class AppendCombiner<A extends CombinableAppend, R> {
  private readonly inFlight: number;
  private readonly maxGroup: number;
  private running = 0;
  private readonly waiting: Waiting<A, R>[] = [];
  private readonly streamsInFlight = new Set<string>();
  /** The statements holding a slot, with when they began. */
  private readonly slots = new Set<{ startedAt: number; release: () => void }>();
  /** Armed only while appends wait for a slot: frees the slots of statements past `SLOW_STATEMENT_MS`. */
  private watchdog: NodeJS.Timeout | null = null;

  constructor(
    limits: Required<CombineAppendsOptions>,
    private readonly senders: AppendSenders<A, R>,
  ) {
    this.inFlight = limits.inFlight;
    this.maxGroup = limits.maxGroup;
  }

  append(append: A): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ append, resolve, reject });
      this.startWaiting();
    });
  }

  private startWaiting(): void {
    while (this.running < this.inFlight && this.waiting.length > 0) {
      const group = this.nextGroup();
      if (group.length === 0) return;
      this.running++;
      for (const entry of group) this.streamsInFlight.add(entry.append.streamId);
      const slot = {
        startedAt: Date.now(),
        release: (): void => {
          if (!this.slots.delete(slot)) return;
          this.running--;
          this.startWaiting();
        },
      };
      this.slots.add(slot);
      void this.send(group, slot.release).finally(() => {
        for (const entry of group) this.streamsInFlight.delete(entry.append.streamId);
        slot.release();
        this.startWaiting();
      });
    }
    if (this.waiting.length > 0) this.watchSlowStatements();
  }

  /**
   * While appends wait for a slot, frees the slot of every statement running for longer than
   * `SLOW_STATEMENT_MS` (its stream stays in flight): one timer for all of them, and none at all
   * while no append waits, so an append at low load costs no timer.
   */
  private watchSlowStatements(): void {
    if (this.watchdog || this.slots.size === 0) return;
    let oldest = Infinity;
    for (const slot of this.slots) oldest = Math.min(oldest, slot.startedAt);
    this.watchdog = setTimeout(
      () => {
        this.watchdog = null;
        const now = Date.now();
        for (const slot of [...this.slots]) if (now - slot.startedAt >= SLOW_STATEMENT_MS) slot.release();
        if (this.waiting.length > 0) this.watchSlowStatements();
      },
      Math.max(0, oldest + SLOW_STATEMENT_MS - Date.now()),
    );
    this.watchdog.unref?.();
  }

  /**
   * The oldest waiting appends, up to `maxGroup`, one per stream and none of a stream in flight;
   * the rest keep their order.
   */
  private nextGroup(): Waiting<A, R>[] {
    const group: Waiting<A, R>[] = [];
    const streams = new Set<string>();
    let kept = 0;
    for (const entry of this.waiting) {
      const streamId = entry.append.streamId;
      if (group.length < this.maxGroup && !streams.has(streamId) && !this.streamsInFlight.has(streamId)) {
        streams.add(streamId);
        group.push(entry);
      } else {
        this.waiting[kept++] = entry;
      }
    }
    this.waiting.length = kept;
    return group;
  }

  /**
   * Sends a group, calling `release` once it no longer needs its slot: a group that wrote nothing
   * gives it back before its appends go alone, so appends waiting there for a stream's lock (held
   * by a transaction elsewhere) never hold up the appends of other streams.
   */
  private async send(group: Waiting<A, R>[], release: () => void): Promise<void> {
    if (group.length > 1) {
      let results: ReadonlyArray<PromiseSettledResult<R>> | null;
      try {
        results = await this.senders.group(group.map((entry) => entry.append));
      } catch (error) {
        for (const entry of group) entry.reject(error);
        return;
      }
      if (results) {
        group.forEach((entry, index) => settle(entry, results[index]!));
        return;
      }
      release();
    }
    await Promise.all(group.map((entry) => this.senders.alone(entry.append).then(entry.resolve, entry.reject)));
  }
}

function settle<R>(entry: Waiting<unknown, R>, result: PromiseSettledResult<R>): void {
  if (result.status === 'fulfilled') entry.resolve(result.value);
  else entry.reject(result.reason);
}
