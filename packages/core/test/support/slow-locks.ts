import { InMemorySubscriberLocks, type SubscriberLease, type SubscriberLocks } from '@factum/event-store';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Leases shared by several apps in one test, as processes share Postgres advisory locks: each
 * call takes a round trip (`latencyMs`), and every take and release is recorded.
 */
export class SlowSharedLocks {
  readonly inner = new InMemorySubscriberLocks();
  /** Each lease taken or released, in order: `+name` / `-name`, with the taker's label. */
  readonly log: Array<{ by: string; change: '+' | '-'; name: string; at: number }> = [];

  constructor(private readonly latencyMs: number) {}

  /** The locks one app (one process, `by`) uses. */
  forProcess(by: string): SubscriberLocks {
    return {
      tryAcquire: async (name: string): Promise<SubscriberLease | null> => {
        await delay(this.latencyMs);
        const lease = await this.inner.tryAcquire(name);
        if (!lease) return null;
        this.log.push({ by, change: '+', name, at: Date.now() });
        return {
          name: lease.name,
          lost: lease.lost,
          release: async () => {
            await delay(this.latencyMs);
            this.log.push({ by, change: '-', name, at: Date.now() });
            await lease.release();
          },
        };
      },
      close: () => this.inner.close(),
    };
  }

  /** Takes and releases of partition leases (member leases left out). */
  partitionChanges(): Array<{ by: string; change: '+' | '-'; name: string; at: number }> {
    return this.log.filter((entry) => !entry.name.startsWith('$'));
  }
}
