import type { GlobalPosition, PositionComparator } from '@factum/event-store';
import { deferred, type Deferred } from '../subscriptions/abort';
import type { RebuildProgress, RebuildReport } from '../subscriptions/subscriber-status';
import { RebuildRefusedError } from '../subscriptions/subscription-errors';
import type { RebuildBarrier } from './rebuild-barrier';
import { RebuildTracker } from './rebuild-tracker';

export interface RebuildRequest {
  result: Deferred<RebuildReport>;
  onProgress?: (progress: RebuildProgress) => void;
  /** For a partition: where it waits for the others before the read model is reset once. */
  barrier?: RebuildBarrier;
}

/**
 * The bookkeeping of one projector's rebuilds: a request waits until its runner reaches a batch
 * boundary, then runs until the log's head as of its start, and its caller learns how it ended.
 */
export class RebuildCoordinator {
  private pending: RebuildRequest | null = null;
  private current: { tracker: RebuildTracker; target: GlobalPosition | null; result: Deferred<RebuildReport> } | null = null;

  constructor(private readonly subscriber: string) {}

  /** A rebuild was asked for and not yet begun. */
  get requested(): boolean {
    return this.pending !== null;
  }

  get running(): boolean {
    return this.current !== null;
  }

  progress(): RebuildProgress | null {
    return this.current?.tracker.progress() ?? null;
  }

  ask(onProgress?: (progress: RebuildProgress) => void, barrier?: RebuildBarrier): Promise<RebuildReport> {
    if (this.pending || this.current) throw new RebuildRefusedError(this.subscriber, 'a rebuild is already running; wait for it.');
    const result = deferred<RebuildReport>();
    this.pending = { result, onProgress, barrier };
    return result.promise;
  }

  take(): RebuildRequest | null {
    const request = this.pending;
    this.pending = null;
    return request;
  }

  /** The projector was reset: track the replay up to `target`, counting the total in the background. */
  begin(request: RebuildRequest, target: GlobalPosition | null, countTotal: () => Promise<number>): void {
    const tracker = new RebuildTracker(this.subscriber, request.onProgress);
    this.current = { tracker, target, result: request.result };
    if (target !== null) {
      countTotal().then(
        (total) => tracker.setTotal(total),
        () => undefined, // progress without a total is still progress
      );
    }
  }

  advance(events: number): void {
    this.current?.tracker.advance(events);
  }

  reachedTarget(handled: GlobalPosition | null, compare: PositionComparator): boolean {
    const current = this.current;
    if (!current) return false;
    return current.target === null || (handled !== null && compare(handled, current.target) >= 0);
  }

  finish(): void {
    const current = this.current;
    this.current = null;
    current?.result.resolve(current.tracker.finish());
  }

  /** The runner stopped before the rebuild finished. */
  abandon(failure: unknown): void {
    const current = this.current;
    this.current = null;
    current?.result.reject(
      failure ??
        new RebuildRefusedError(
          this.subscriber,
          'this process stopped running it before the rebuild finished; whichever process runs it next continues from the checkpoint.',
        ),
    );
  }

  /** The request cannot begin here (another process runs the projector, or the app stopped). */
  refuse(reason: string): void {
    const request = this.take();
    request?.result.reject(new RebuildRefusedError(this.subscriber, reason));
  }
}
