import type { SubscriberLease, SubscriberLocks } from '../contract/subscriber-lock';
import { LeaseExpiredError } from '../errors/subscriber-store-errors';
import { checkIdentifier } from '../validation/identifier';

interface Held {
  lease: SubscriberLease;
  controller: AbortController;
}

/**
 * Leases in process memory. One instance is one "database": apps that share it behave like
 * processes sharing a Postgres, one active per subscriber. `expire` simulates a holder that died.
 */
export class InMemorySubscriberLocks implements SubscriberLocks {
  private readonly held = new Map<string, Held>();

  async tryAcquire(name: string): Promise<SubscriberLease | null> {
    checkIdentifier(name, 'subscriber name');
    if (this.held.has(name)) return null;
    const controller = new AbortController();
    const lease: SubscriberLease = {
      name,
      lost: controller.signal,
      release: async () => {
        if (this.held.get(name)?.lease === lease) this.held.delete(name);
      },
    };
    this.held.set(name, { lease, controller });
    return lease;
  }

  /** Takes the lease on `name` away from its holder, as if the holder's process had died. */
  expire(name: string): void {
    const held = this.held.get(name);
    if (!held) return;
    this.held.delete(name);
    held.controller.abort(new LeaseExpiredError(name));
  }

  /** The subscribers whose lease is held right now. */
  holders(): string[] {
    return [...this.held.keys()].sort();
  }

  async close(): Promise<void> {
    this.held.clear();
  }
}
