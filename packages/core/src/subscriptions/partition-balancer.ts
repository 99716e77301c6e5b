import type { SubscriberLease, SubscriberLocks } from '@factum/event-store';
import type { PartitionGate } from './partition-gate';
import type { SubscriberRunner } from './subscriber-runner';
import type { SubscriptionLogger } from './subscription-logger';

/** Member slots are leases named `$members#<n>`: a process holds one while it runs the app. */
const MEMBER_SLOT = '$members#';
/** Counting stops after this many free slots in a row past the last held one. */
const FREE_SLOTS_TO_STOP = 3;
const MAX_SLOTS = 1_024;

export interface BalancerSettings {
  /** How often members are counted and shares recomputed. */
  intervalMs: number;
  /** How long a partition handed over may take to finish its batch in flight. */
  drainTimeoutMs: number;
}

/**
 * Shares the partitions of partitioned subscribers fairly among the processes running the app,
 * with the subscriber locks as the only coordinator. Each process holds a member lease; every
 * round it counts the member leases held (by trying the free ones), and its share is
 * `ceil(partitions / members)`. Below its share, its standby partitions may take free leases
 * (the gate); above it, it hands the surplus over gracefully. A process that dies loses its
 * member lease with its partitions' leases, so the others' shares grow and they take them.
 */
export class PartitionBalancer implements PartitionGate {
  private member: SubscriberLease | null = null;
  private memberSlot = -1;
  private members = 1;
  /** A surplus is handed over only when two rounds in a row agree on it: counts taken mid-change are not acted on. */
  private surplusRounds = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly locks: SubscriberLocks,
    private readonly runners: () => SubscriberRunner[],
    private readonly settings: BalancerSettings,
    private readonly logger: SubscriptionLogger,
  ) {}

  /** How many partitions this process should hold. */
  get share(): number {
    return Math.ceil(this.runners().length / this.members);
  }

  get memberCount(): number {
    return this.members;
  }

  mayAcquire(): boolean {
    return this.owned() < this.share;
  }

  /** Takes a member lease and counts the members once, so the first shares are already fair. */
  async start(): Promise<void> {
    await this.round();
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.round().finally(() => (this.running = null));
    }, this.settings.intervalMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    const member = this.member;
    this.member = null;
    await member?.release().catch(() => undefined);
  }

  private owned(): number {
    return this.runners().filter((runner) => runner.holdsOrClaims).length;
  }

  private async round(): Promise<void> {
    try {
      await this.joinIfNeeded();
      if (this.stopped) return;
      this.members = await this.countMembers();
      const surplus = this.owned() - this.share;
      this.surplusRounds = surplus > 0 ? this.surplusRounds + 1 : 0;
      if (this.surplusRounds < 2) return;
      this.surplusRounds = 0;
      const active = this.runners().filter((runner) => runner.holdsOrClaims);
      // Hand over the highest partitions first: processes converge on the same split sooner.
      for (const runner of active.slice(-surplus)) runner.handOver(this.settings.drainTimeoutMs);
    } catch (error) {
      // The next round tries again; meanwhile the shares of the last round stand.
      this.logger.warn?.({ err: error }, 'balancing partitions failed');
    }
  }

  private async joinIfNeeded(): Promise<void> {
    if (this.member && !this.member.lost.aborted) return;
    this.member = null;
    for (let slot = 0; slot < MAX_SLOTS && !this.stopped; slot++) {
      const lease = await this.locks.tryAcquire(`${MEMBER_SLOT}${slot}`);
      if (lease) {
        this.member = lease;
        this.memberSlot = slot;
        return;
      }
    }
  }

  /** Members = held member slots: each free one is taken and released at once to find out. */
  private async countMembers(): Promise<number> {
    let members = 1;
    let free = 0;
    for (let slot = 0; slot < MAX_SLOTS && free < FREE_SLOTS_TO_STOP; slot++) {
      if (slot === this.memberSlot) {
        free = 0;
        continue;
      }
      const probe = await this.locks.tryAcquire(`${MEMBER_SLOT}${slot}`);
      if (probe) {
        await probe.release();
        if (slot > this.memberSlot) free++;
      } else {
        members++;
        free = 0;
      }
    }
    return members;
  }
}
