import type { GlobalPosition, SubscriberSession, SubscriberStore } from '@factum/event-store';
import { BehaviorSubject, type Observable } from 'rxjs';
import { CheckpointPipeline } from './checkpoint-pipeline';
import type { ResolvedSubscriptionSettings } from './runner-settings';
import type { SubscriberSpec } from './subscriber-spec';

/** Checkpoint writes that may wait for effects at once: batches read and handled ahead of the stored checkpoint. */
const PIPELINE_DEPTH = 4;

/**
 * A runner's checkpoint: the position as stored (what the next fenced write expects to replace)
 * and the last event whose effects are done. Transactional subscribers write it in the unit of
 * work of each batch; the others flush it every `checkpointEvery` events or
 * `checkpointIntervalMs`, whichever comes first (with what `flush` stages, in one unit of work).
 * Those whose effects complete later (`effectsDone`) queue a write after every batch, which
 * waits for the batch's effects while the next batches are handled (`CheckpointPipeline`).
 */
export class CheckpointWriter {
  /** The checkpoint as stored. */
  private committed: GlobalPosition | null = null;
  /** The last event whose effects are done; reading resumes after it. */
  private handledTo: GlobalPosition | null = null;
  private unflushed = 0;
  private firstUnflushedAt = 0;
  private readonly visible = new BehaviorSubject<GlobalPosition | null>(null);
  /** Writes waiting for effects (subscribers with `effectsDone`); `queuedTo` is where the last one moves the checkpoint. */
  private readonly pipeline = new CheckpointPipeline(PIPELINE_DEPTH);
  private queuedTo: GlobalPosition | null = null;

  constructor(
    private readonly spec: SubscriberSpec,
    private readonly subscriberStore: SubscriberStore,
    private readonly settings: ResolvedSubscriptionSettings,
  ) {}

  /** The position up to which this process has handled events (effects visible). */
  get visible$(): Observable<GlobalPosition | null> {
    return this.visible.asObservable();
  }

  get visiblePosition(): GlobalPosition | null {
    return this.visible.value;
  }

  get handled(): GlobalPosition | null {
    return this.handledTo;
  }

  get stored(): GlobalPosition | null {
    return this.committed;
  }

  /** Reading resumes at `position`, which is stored (`null` after a rebuild removed the checkpoint). */
  resume(position: GlobalPosition | null, stored: GlobalPosition | null = position): void {
    this.committed = stored;
    this.queuedTo = stored;
    this.handledTo = position;
    this.unflushed = 0;
    this.visible.next(position);
  }

  /** A non-transactional subscriber handled (or dead-lettered) the event at `position`. */
  handledOutsideUnit(position: GlobalPosition): void {
    this.advance(position);
    this.unflushed++;
    if (this.unflushed === 1) this.firstUnflushedAt = Date.now();
  }

  /** Writes the checkpoint at `position` in `session`, fenced: it fails if another process moved it. */
  async writeIn(session: SubscriberSession, position: GlobalPosition): Promise<void> {
    await session.checkpoints.set(this.spec.name, position, { expected: this.committed });
  }

  /** The unit of work that wrote the checkpoint at `position` (with `writeIn`) has committed. */
  committedAt(position: GlobalPosition): void {
    this.committed = position;
    this.advance(position);
  }

  /** 0 when the checkpoint should be written now, the wait until then otherwise, `null` when nothing is pending. */
  flushDueInMs(): number | null {
    if (this.spec.atomic) return null;
    if (this.spec.effectsDone) return this.unflushed > 0 || this.pipeline.pending ? 0 : null;
    if (this.unflushed === 0) return null;
    if (this.spec.flush || this.unflushed >= this.settings.checkpointEvery) return 0;
    return Math.max(0, this.settings.checkpointIntervalMs - (Date.now() - this.firstUnflushedAt));
  }

  /**
   * After a batch of a non-transactional subscriber: queues the checkpoint past it behind its
   * effects when they complete later (waiting only when too many are queued), or writes it when due.
   */
  async afterBatch(): Promise<void> {
    if (this.spec.effectsDone) await this.queue();
    else if (this.flushDueInMs() === 0) await this.flush();
  }

  /** Waits for queued writes to settle however they end, and forgets them: the next run resumes from what is stored. */
  abandonQueued(): Promise<void> {
    return this.pipeline.abandon();
  }

  /** Writes what a non-transactional subscriber handled (and what its `flush` staged, or once its effects are done). */
  async flush(): Promise<void> {
    if (this.spec.effectsDone) {
      await this.queue();
      await this.pipeline.drain();
      return;
    }
    if (this.spec.atomic || this.handledTo === null || this.handledTo === this.committed) return;
    const position = this.handledTo;
    const expected = this.committed;
    const flush = this.spec.flush?.bind(this.spec);
    if (flush) {
      await this.subscriberStore.transaction(async (session) => {
        await flush(session);
        await session.checkpoints.set(this.spec.name, position, { expected });
      });
    } else {
      await this.subscriberStore.checkpoints.set(this.spec.name, position, { expected });
    }
    this.committed = position;
    this.unflushed = 0;
  }

  private async queue(): Promise<void> {
    const position = this.handledTo;
    if (position === null || position === this.queuedTo) return;
    this.queuedTo = position;
    this.unflushed = 0;
    await this.pipeline.enqueue(this.spec.effectsDone!(), async () => {
      await this.subscriberStore.checkpoints.set(this.spec.name, position, { expected: this.committed });
      this.committed = position;
    });
  }

  complete(): void {
    this.visible.complete();
  }

  private advance(position: GlobalPosition): void {
    this.handledTo = position;
    this.visible.next(position);
  }
}
