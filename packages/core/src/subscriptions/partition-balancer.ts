import type { SubscriberLease, SubscriberLocks } from '@factum/event-store';
import type { PartitionGate } from './partition-gate';
import type { SubscriberRunner } from './subscriber-runner';
import type { SubscriptionLogger } from './subscription-logger';

/** Member slots are leases named `$members#<n>`: a process holds one while it runs the app. */
const MEMBER_SLOT = '$members#';
/**
 * Held while a process counts: a count takes and releases each free slot, and two processes
 * counting at once would each take the other's probes for members.
 */
const COUNTING = '$member-count';
/** How often a round asks for the counting lease while another process counts, and how long it waits between. */
const COUNTING_ATTEMPTS = 20;
const COUNTING_RETRY_MS = 10;
/** Counting stops after this many free slots in a row past the last held one. */
const FREE_SLOTS_TO_STOP = 3;
const MAX_SLOTS = 1_024;

export interface BalancerSettings {
  /** How often members are counted and shares recomputed. */
  intervalMs: number;
  /**
   * How long a starting process waits between its first two counts, before any of its partitions
   * claims: processes started together count each other. 0: no other process can share the
   * leases, one count is enough.
   */
  settleMs: number;
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
 *
 * Claims are made one partition at a time per free place in the share: a partition refused by
 * the gate waits, and asks as soon as a claim ends without the lease (another process holds it)
 * or a count makes room, rather than at its next takeover interval.
 */
export class PartitionBalancer implements PartitionGate {
  private member: SubscriberLease | null = null;
  private memberSlot = -1;
  private members = 1;
  /**
   * The surplus the last round found, not yet acted on: a surplus is handed over only when the
   * next round finds one too, and only the smaller of the two (a count taken while a member
   * joins or leaves is not acted on alone). A round later, not sooner: by then every other
   * process has counted since the change, so none below its old share takes what is handed over.
   */
  private pendingSurplus: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** Partitions the gate refused (the share was taken by claims in flight), in the order they asked. */
  private readonly refused = new Set<SubscriberRunner>();

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

  mayAcquire(runner: SubscriberRunner): boolean {
    if (this.claimed() < this.share) {
      this.refused.delete(runner);
      return true;
    }
    this.refused.add(runner);
    return false;
  }

  /** `runner` asked for its lease and another process holds it: a refused partition asks in its place. */
  notAcquired(): void {
    this.offerRoom();
  }

  /**
   * Takes a member lease and counts the members, twice `settleMs` apart, before any partition
   * claims: processes started together count each other, so none takes more than its share
   * only to hand it over a few rounds later.
   */
  async start(): Promise<void> {
    await this.round();
    if (this.settings.settleMs > 0 && !this.stopped) {
      await new Promise((resolve) => setTimeout(resolve, this.settings.settleMs));
      await this.round();
    }
    this.timer = setInterval(() => this.startRound(), this.settings.intervalMs);
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

  /** Partitions held or being claimed: what the gate weighs against the share. */
  private claimed(): number {
    return this.runners().filter((runner) => runner.holdsOrClaims).length;
  }

  private startRound(): void {
    if (!this.running && !this.stopped) this.running = this.round().finally(() => (this.running = null));
  }

  /** Lets refused partitions ask again, as many as the share has room for. */
  private offerRoom(): void {
    let room = this.share - this.claimed();
    for (const runner of this.refused) {
      if (room-- <= 0) return;
      this.refused.delete(runner);
      runner.askForLease();
    }
  }

  private async round(): Promise<void> {
    try {
      const counted = await this.joinAndCount();
      if (counted === null || this.stopped) return;
      this.members = counted;
      this.offerRoom();
      // Only partitions held count here: a claim in flight may well fail, and is no surplus.
      const held = this.runners().filter((runner) => runner.active);
      const surplus = held.length - this.share;
      const pending = this.pendingSurplus;
      this.pendingSurplus = null;
      if (surplus <= 0) return;
      if (pending === null) {
        this.pendingSurplus = surplus;
        return;
      }
      // Hand over the highest partitions first: processes converge on the same split sooner.
      for (const runner of held.slice(-Math.min(pending, surplus))) runner.handOver(this.settings.drainTimeoutMs);
    } catch (error) {
      // The next round tries again; meanwhile the shares of the last round stand.
      this.logger.warn?.({ err: error }, 'balancing partitions failed');
    }
  }

  /**
   * Joins (when not a member yet: at once, a slot taken is a member), then counts the members,
   * one process at a time; `null` when another process kept counting all along (the last count
   * stands until the next round).
   */
  private async joinAndCount(): Promise<number | null> {
    await this.joinIfNeeded();
    for (let attempt = 0; attempt < COUNTING_ATTEMPTS && !this.stopped; attempt++) {
      const counting = await this.locks.tryAcquire(COUNTING);
      if (!counting) {
        // Jittered, so that processes that wait together do not ask again together.
        await new Promise((resolve) => setTimeout(resolve, COUNTING_RETRY_MS * (0.5 + Math.random())));
        continue;
      }
      try {
        return this.stopped ? null : await this.countMembers();
      } finally {
        await counting.release();
      }
    }
    return null;
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
