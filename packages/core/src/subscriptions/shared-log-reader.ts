import { StoreClosedError, type EventStore, type GlobalPosition, type RecordedEvent } from '@factum/event-store';
import type { Subscription } from 'rxjs';
import { SharedReaderMember, type MemberOptions } from './shared-reader-member';

/** How many of the latest events the reader keeps, so a subscriber that caught up a little behind it can still join. */
const RECENT_EVENTS = 2_000;

/** Where the shared reader stood when a subscriber began a read of its own (see `SharedLogReader.join`). */
export interface ReadThrough {
  position: GlobalPosition | null;
}

export interface JoinRequest extends MemberOptions {
  /** The last event the subscriber read itself (`null`: none, from the origin). */
  after: GlobalPosition | null;
  /**
   * `readThrough` as it was just before the subscriber's last own read, which came back short:
   * every event up to it was readable then, so that read saw all of the subscriber's among them.
   */
  readThrough: ReadThrough | undefined;
  /** Events per read while the reader catches up after starting. */
  batchSize: number;
}

const readers = new WeakMap<EventStore, SharedLogReader>();

/** The process's shared log reader of `store`. */
export function sharedLogReaderOf(store: EventStore): SharedLogReader {
  let reader = readers.get(store);
  if (!reader) {
    reader = new SharedLogReader(store);
    readers.set(store, reader);
  }
  return reader;
}

/**
 * One store subscription per store per process, feeding every live subscriber of the process
 * (every partition too) that stands at its position: one read per wake-up, whatever their
 * number, each member queued the events of its types. It reads the types of its members; it
 * runs while it has members.
 *
 * A subscriber catches up on its own and joins once a read of its own came back short: the
 * reader hands it the recent events it missed (it keeps the last `RECENT_EVENTS`) and then
 * everything it reads. A member whose queue overflows is dropped at once and reads on its own
 * again: pushing never waits for a member, so a slow one never delays the others.
 */
export class SharedLogReader {
  private readonly members = new Set<SharedReaderMember>();
  private subscription: Subscription | null = null;
  /** Tells a closed subscription's late callbacks from the current one's. */
  private generation = 0;
  private types = new Set<string>();
  /** The last event read (or where reading started). */
  private position: GlobalPosition | null = null;
  /** The events after `recentFrom` up to `position`, of `types`, in log order. */
  private recent: RecordedEvent[] = [];
  private recentFrom: GlobalPosition | null = null;

  constructor(private readonly store: EventStore) {}

  /** Where reading stands, while the reader runs. */
  get readThrough(): ReadThrough | undefined {
    return this.subscription ? { position: this.position } : undefined;
  }

  /** How many subscribers it feeds now. */
  get memberCount(): number {
    return this.members.size;
  }

  /**
   * Lets a caught-up subscriber in: the member it becomes, with the events it missed already
   * queued, or `null` when the reader has moved on too far (the subscriber reads once more on
   * its own, then asks again).
   */
  join(request: JoinRequest): SharedReaderMember | null {
    const covered = this.later(request.after, request.readThrough?.position ?? null);
    const member = new SharedReaderMember(request, request.after, (leaving) => this.leave(leaving));
    if (!this.subscription) {
      this.types = new Set(request.types);
      this.position = covered;
      this.recentFrom = covered;
      this.recent = [];
      this.members.add(member);
      this.open(request.batchSize);
      return member;
    }
    if (request.types.some((type) => !this.types.has(type))) {
      // Its types are new here: read them too from where reading stands; what was kept lacks them.
      for (const type of request.types) this.types.add(type);
      this.recentFrom = this.position;
      this.recent = [];
      this.open(request.batchSize);
      if (!this.subscription) return null;
    }
    if (this.compare(this.recentFrom, covered) > 0) return null;
    for (const event of this.recent) if (!this.deliver(member, event)) return null;
    this.members.add(member);
    return member;
  }

  private open(batchSize: number): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    const generation = ++this.generation;
    const current = (): boolean => generation === this.generation;
    const subscription = this.store.subscribe({ from: this.position ?? 'origin', filter: { types: [...this.types] }, batchSize }).subscribe({
      next: (event) => current() && this.read(event),
      error: (error: unknown) => current() && this.fail(error),
      complete: () => current() && this.fail(new StoreClosedError()),
    });
    if (current()) this.subscription = subscription;
  }

  private read(event: RecordedEvent): void {
    this.position = event.position;
    this.recent.push(event);
    if (this.recent.length > RECENT_EVENTS) this.recentFrom = this.recent.shift()!.position;
    for (const member of this.members) if (!this.deliver(member, event)) this.leave(member);
  }

  /** Queues `event` for `member` if it wants it; `false` when its queue overflowed. */
  private deliver(member: SharedReaderMember, event: RecordedEvent): boolean {
    if (member.readAlreadyThrough !== null) {
      if (this.compare(event.position, member.readAlreadyThrough) <= 0) return true;
      member.readAlreadyThrough = null;
    }
    return !member.wants(event) || member.push(event);
  }

  private leave(member: SharedReaderMember): void {
    if (!this.members.delete(member) || this.members.size > 0) return;
    this.stop();
  }

  private fail(error: unknown): void {
    const members = [...this.members];
    this.stop();
    for (const member of members) member.fail(error);
  }

  private stop(): void {
    this.generation++;
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.members.clear();
    this.recent = [];
  }

  /** The later of two positions, `null` being before every position. */
  private later(a: GlobalPosition | null, b: GlobalPosition | null): GlobalPosition | null {
    if (a === null) return b;
    if (b === null) return a;
    return this.compare(a, b) >= 0 ? a : b;
  }

  private compare(a: GlobalPosition | null, b: GlobalPosition | null): number {
    if (a === null) return b === null ? 0 : -1;
    if (b === null) return 1;
    return this.store.comparePositions(a, b);
  }
}
