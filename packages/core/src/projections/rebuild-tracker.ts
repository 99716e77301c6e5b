import type { RebuildProgress, RebuildReport } from '../subscriptions/subscriber-status';

/** Counts a rebuild's progress and derives rate and ETA from it. */
export class RebuildTracker {
  private done = 0;
  private total: number | null = null;
  private readonly startedAt = Date.now();

  constructor(
    readonly subscriber: string,
    private readonly onProgress: ((progress: RebuildProgress) => void) | undefined,
  ) {}

  setTotal(total: number): void {
    // Events appended during the count may have been replayed already; never show done > total.
    this.total = Math.max(total, this.done);
    this.emit(false);
  }

  advance(events: number): void {
    this.done += events;
    if (this.total !== null && this.done > this.total) this.total = this.done;
    this.emit(false);
  }

  progress(finished = false): RebuildProgress {
    const elapsedMs = Date.now() - this.startedAt;
    const eventsPerSecond = elapsedMs > 0 ? (this.done * 1000) / elapsedMs : 0;
    const total = finished ? this.done : this.total;
    const left = total === null ? null : total - this.done;
    const etaMs = left === null ? null : left === 0 ? 0 : eventsPerSecond > 0 ? Math.round((left / eventsPerSecond) * 1000) : null;
    return { subscriber: this.subscriber, done: this.done, total, eventsPerSecond: Math.round(eventsPerSecond), etaMs, elapsedMs, finished };
  }

  finish(): RebuildReport {
    const progress = this.emit(true);
    return { subscriber: this.subscriber, events: progress.done, durationMs: progress.elapsedMs, eventsPerSecond: progress.eventsPerSecond };
  }

  private emit(finished: boolean): RebuildProgress {
    const progress = this.progress(finished);
    try {
      this.onProgress?.(progress);
    } catch {
      // A failing progress callback must not break the rebuild it reports on.
    }
    return progress;
  }
}
