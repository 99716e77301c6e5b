import type { GlobalPosition, RecordedEvent } from '@factum/event-store';
import type { PushedEvents } from './pushed-events';

export interface MemberOptions {
  types: readonly string[];
  /** What the subscriber's own reads would return (its start marker): see `markerFilter`. */
  accepts: (event: RecordedEvent) => boolean;
  /** The most events it holds before it leaves and reads in batches again. */
  limit: number;
  /** Called when it has something new for its runner: a first event, an overflow or a failure. */
  onChange: () => void;
}

/**
 * One subscriber's place at the shared log reader: the events of its types (and after its start
 * marker) queued until its runner takes them. Once more than its limit wait, the reader drops
 * it (the queue stays bounded and the others never wait for it), and its runner reads on its own
 * from the last event it took.
 */
export class SharedReaderMember implements PushedEvents {
  private readonly queue: RecordedEvent[] = [];
  private readonly types: ReadonlySet<string>;
  failure: unknown = null;
  overflowing = false;

  constructor(
    private readonly options: MemberOptions,
    /** Events at or before this were read by the subscriber itself (it joined ahead of the reader). */
    public readAlreadyThrough: GlobalPosition | null,
    private readonly leave: (member: SharedReaderMember) => void,
  ) {
    this.types = new Set(options.types);
  }

  wants(event: RecordedEvent): boolean {
    return this.types.has(event.type) && this.options.accepts(event);
  }

  /** Queues `event`; `false` once the queue is over its limit (the member must leave). */
  push(event: RecordedEvent): boolean {
    this.queue.push(event);
    if (this.queue.length > this.options.limit) {
      this.overflowing = true;
      this.options.onChange();
      return false;
    }
    if (this.queue.length === 1) this.options.onChange();
    return true;
  }

  fail(error: unknown): void {
    this.failure = error;
    this.options.onChange();
  }

  get size(): number {
    return this.queue.length;
  }

  take(count: number): RecordedEvent[] {
    return this.queue.splice(0, count);
  }

  close(): void {
    this.leave(this);
  }
}
