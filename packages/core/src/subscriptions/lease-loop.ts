import type { SubscriberLease, SubscriberLocks } from '@factum/event-store';
import { Aborted, anySignal } from './abort';

/** What the lease loop drives: the runner's work while it holds the lease, and what it does around it. */
export interface LeaseHolder {
  readonly name: string;
  /** Whether to ask for the lease now (a balanced partition does not beyond its process's share). */
  mayAcquire(): boolean;
  /** Another process holds the lease (or this one has its share): this one waits on standby. */
  onStandby(): void;
  /** Runs while the lease is held, until `signal` aborts (lease lost or app closing) or the store fails (thrown). */
  runActive(signal: AbortSignal): Promise<void>;
  /** The app is closing while this process still holds the lease: keep what was handled. */
  onClosingWhileOwner(): Promise<void>;
  /** The lease was lost (expired, or its connection died). */
  onLeaseLost(reason: unknown): void;
  /** Active work ended (`failure`: why, when the store failed); the lease is about to be released. */
  onInactive(failure: unknown): void;
  /** Releasing the lease failed (it expires on its own). */
  onReleaseFailed(error: unknown): void;
  /** A store or lease failure: report it; returns how long to wait before trying again. */
  onStoreFailure(error: unknown): number;
  /** Waits `ms` or until poked; returns early (without error) when the app closes. */
  pause(ms: number): Promise<void>;
}

/** How one round of holding the lease ended. */
type Round = { kind: 'not-acquired' } | { kind: 'closed' } | { kind: 'lost' } | { kind: 'failed'; error: unknown };

/**
 * Leadership of one subscriber: take its lease (or wait on standby and try again every
 * `takeoverIntervalMs`), run while holding it, release it, and start over after a store failure
 * with backoff, until the app closes.
 */
export class LeaseLoop {
  constructor(
    private readonly locks: SubscriberLocks,
    private readonly holder: LeaseHolder,
    private readonly takeoverIntervalMs: number,
    private readonly closing: AbortSignal,
  ) {}

  async run(): Promise<void> {
    while (!this.closing.aborted) {
      const round = await this.round();
      if (round.kind === 'not-acquired') await this.holder.pause(this.takeoverIntervalMs);
      else if (round.kind === 'failed' && !this.closing.aborted) await this.holder.pause(this.holder.onStoreFailure(round.error));
      // A lease lost to a dead connection or an expiry: give a standby process the first chance.
      else if (round.kind === 'lost') await this.holder.pause(this.takeoverIntervalMs);
    }
  }

  private async round(): Promise<Round> {
    let lease: SubscriberLease | null;
    if (!this.holder.mayAcquire()) {
      this.holder.onStandby();
      return { kind: 'not-acquired' };
    }
    try {
      lease = await this.locks.tryAcquire(this.holder.name);
    } catch (error) {
      return { kind: 'failed', error };
    }
    if (!lease) {
      this.holder.onStandby();
      return { kind: 'not-acquired' };
    }
    const scope = anySignal(this.closing, lease.lost);
    let round: Round;
    try {
      await this.holder.runActive(scope.signal);
      round = { kind: 'closed' };
    } catch (error) {
      if (!(error instanceof Aborted)) round = { kind: 'failed', error };
      else if (lease.lost.aborted) round = { kind: 'lost' };
      else round = { kind: 'closed' };
    } finally {
      scope.dispose();
    }
    if (round.kind === 'lost') this.holder.onLeaseLost(lease.lost.reason);
    // Closing while still the owner: keep what was handled, so a restart does not redo it.
    if (round.kind === 'closed') await this.holder.onClosingWhileOwner();
    this.holder.onInactive(round.kind === 'failed' ? round.error : null);
    if (!lease.lost.aborted) await this.release(lease);
    return round;
  }

  private async release(lease: SubscriberLease): Promise<void> {
    await lease.release().catch((error: unknown) => this.holder.onReleaseFailed(error));
  }
}
