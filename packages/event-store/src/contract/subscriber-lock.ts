/**
 * The right to run one subscriber. While a process holds it, no other process runs that
 * subscriber against the same store; it is released on `release`, or lost when its holder dies.
 */
export interface SubscriberLease {
  readonly name: string;
  /**
   * Aborted when the lease is lost without being released (its connection died, a heartbeat
   * failed): the holder must stop at once. `signal.reason` says why.
   */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/**
 * Leadership per subscriber across processes (on Postgres: an advisory lock held on a dedicated
 * connection). Standby processes call `tryAcquire` periodically and take over when it succeeds.
 */
export interface SubscriberLocks {
  /** Takes the lease for `name` when no one holds it; `null` when someone does. Never waits. */
  tryAcquire(name: string): Promise<SubscriberLease | null>;
  /** Releases every lease this instance holds and frees its connection. */
  close(): Promise<void>;
}
