import type { EventFilter, EventStore, GlobalPosition, RecordedEvent, StartMarker, StreamPartition } from '@factum/event-store';
import { throwIfAborted } from './abort';
import { LiveFeed } from './live-feed';
import { markerFilter } from './marker-filter';
import type { PushedEvents } from './pushed-events';
import { sharedLogReaderOf, type ReadThrough, type SharedLogReader } from './shared-log-reader';

/**
 * What the feed has for its runner next: a batch of events (`caughtUp` once a read came back
 * short: the subscriber has reached the head), or nothing yet while live.
 */
export type FeedStep = { kind: 'batch'; phase: 'catching-up' | 'live'; events: RecordedEvent[]; caughtUp: boolean } | { kind: 'idle' };

export interface FeedOptions {
  types: readonly string[];
  /** Only the events of this partition of the streams are read (the others would only be passed over). */
  partition?: StreamPartition;
  batchSize: number;
  /** A live subscriber with more events than this waiting goes back to reading in batches. */
  liveBufferLimit: number;
  /** Called when a live feed has something new: a first event, an overflow or a failure. */
  onChange: () => void;
}

/** A read of one batch: where the shared reader stood when it began, and how it ended. */
interface BatchRead {
  after: GlobalPosition | null;
  /** Whether it asked for the subscriber's partition of the streams only. */
  partitionOnly: boolean;
  result: Promise<{ events: RecordedEvent[]; stoodAt: ReadThrough | undefined } | { failure: unknown }>;
}

/**
 * The events of one subscriber, batch by batch: read from the store while behind, pushed by
 * the process's shared log reader once caught up, and read again in batches when more pile up
 * than `liveBufferLimit` (so a slow subscriber never holds an unbounded buffer, nor delays the
 * others). The runner only asks for the next step; where the events come from is decided here.
 *
 * While behind, the next batch is read while the runner handles the current one (one read
 * ahead, no more): a handler that awaits I/O does not also wait for the store between batches.
 *
 * A partition of a subscriber partitioned by stream reads its own streams only while those
 * reads come back full; the rest of the log after its last event is then read whole, as an
 * unpartitioned subscriber reads it, so that it catches up to the head of the log (and its
 * checkpoint with it), not to its own last event. Any restart of reading reads its own again.
 *
 * A hot subscriber whose start marker the store cannot apply to events read without it (see
 * `markerFilter`) is pushed events by a store subscription of its own instead.
 */
export class EventFeed {
  private after: GlobalPosition | null = null;
  private marker: StartMarker | undefined;
  private live: PushedEvents | null = null;
  private caughtUp = false;
  private readonly reader: SharedLogReader;
  /** Where the shared reader stood when the last own read began. */
  private readerStoodAt: ReadThrough | undefined;
  /** The read of the batch after the one the runner handles, begun when that one came back full. */
  private ahead: BatchRead | null = null;
  /** Whether the next reads ask for the partition's streams only (see the class comment). */
  private partitionOnly = true;

  constructor(
    private readonly store: EventStore,
    private readonly options: FeedOptions,
  ) {
    this.reader = sharedLogReaderOf(store);
  }

  get phase(): 'catching-up' | 'live' {
    return this.live ? 'live' : 'catching-up';
  }

  /** A hot-only subscriber's start marker, which every read of it passes on. */
  get startedAt(): StartMarker | undefined {
    return this.marker;
  }

  /**
   * Reading goes on (again) after `after`, in batches. `wholeLog`: a partition reads the whole log
   * from there, not its own streams first (a rebuild counts its progress in events read).
   */
  rewind(after: GlobalPosition | null, startedAt: StartMarker | undefined = this.marker, options: { wholeLog?: boolean } = {}): void {
    this.close();
    this.after = after;
    this.marker = startedAt;
    this.caughtUp = false;
    this.partitionOnly = !options.wholeLog;
  }

  async next(signal: AbortSignal): Promise<FeedStep> {
    throwIfAborted(signal);
    if (this.caughtUp && !this.live) {
      this.live = this.openLive();
      if (!this.live) {
        // Refused: the reader moved on during that read. Read again, but after a turn of the
        // event loop: a store whose reads never wait (in memory) would otherwise starve it.
        setImmediate(this.options.onChange);
        return { kind: 'idle' };
      }
    }
    const live = this.live;
    if (!live) return this.readBatch(signal);
    if (live.failure !== null && live.size === 0) throw live.failure;
    if (live.overflowing) {
      this.rewind(this.after);
      return this.readBatch(signal);
    }
    if (live.size === 0) return { kind: 'idle' };
    return this.yielded(live.take(this.options.batchSize), 'live', false);
  }

  close(): void {
    this.live?.close();
    this.live = null;
    // A batch read ahead is dropped: reading resumes from where the runner says.
    this.ahead = null;
  }

  /** Whether the next read asks for the partition's streams only. */
  private get readsPartitionOnly(): boolean {
    return this.partitionOnly && this.options.partition !== undefined;
  }

  private async readBatch(signal: AbortSignal): Promise<FeedStep> {
    const ahead = this.ahead;
    const read = ahead?.after === this.after && ahead.partitionOnly === this.readsPartitionOnly ? ahead : this.read(this.after);
    this.ahead = null;
    const outcome = await read.result;
    throwIfAborted(signal);
    if ('failure' in outcome) throw outcome.failure;
    const { events, stoodAt } = outcome;
    this.readerStoodAt = stoodAt;
    const short = events.length < this.options.batchSize;
    // Short on its own streams: the log after the partition's last event is read whole next.
    if (short && read.partitionOnly) this.partitionOnly = false;
    this.caughtUp = short && !read.partitionOnly;
    const step = this.yielded(events, 'catching-up', this.caughtUp);
    if (!this.caughtUp) this.ahead = this.read(this.after);
    return step;
  }

  /** Reads the batch after `after`; a failure is kept for the step that takes the batch, never left unhandled. */
  private read(after: GlobalPosition | null): BatchRead {
    const stoodAt = this.reader.readThrough;
    const { types, partition } = this.options;
    const partitionOnly = this.readsPartitionOnly;
    const filter: EventFilter = partitionOnly ? { types, partition } : { types };
    const result = (async () => {
      const events: RecordedEvent[] = [];
      const read = this.store.readAll({
        after: after ?? undefined,
        limit: this.options.batchSize,
        filter,
        startedAt: this.marker,
      });
      for await (const event of read) events.push(event);
      return { events, stoodAt };
    })().catch((failure: unknown) => ({ failure }));
    return { after, partitionOnly, result };
  }

  private yielded(events: RecordedEvent[], phase: 'catching-up' | 'live', caughtUp: boolean): FeedStep {
    if (events.length > 0) this.after = events[events.length - 1]!.position;
    return { kind: 'batch', phase, events, caughtUp };
  }

  /**
   * Joins the shared reader (or opens a subscription of its own); `null` when the reader has
   * moved on too far since the last read: reading goes on in batches, and asks again.
   */
  private openLive(): PushedEvents | null {
    const { types, batchSize, liveBufferLimit, onChange } = this.options;
    const accepts = markerFilter(this.store, this.marker);
    if (!accepts) return new LiveFeed(this.store, { after: this.after, types, batchSize, startedAt: this.marker }, onChange, liveBufferLimit);
    const member = this.reader.join({ after: this.after, readThrough: this.readerStoodAt, types, accepts, limit: liveBufferLimit, onChange, batchSize });
    if (!member) this.caughtUp = false;
    return member;
  }
}
