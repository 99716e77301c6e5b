/**
 * How late this process's timers fire: a loaded machine delays every timer, the code's and the
 * test's alike. A test that bounds a wait in intervals adds the lateness seen during that wait,
 * so that the load, not the code, cannot decide the outcome.
 */
export class TimerLateness {
  private readonly samples: Array<{ at: number; lateMs: number }> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly everyMs = 5) {}

  start(): void {
    let last = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      this.samples.push({ at: now, lateMs: Math.max(0, now - last - this.everyMs) });
      last = now;
    }, this.everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The total lateness of the samples taken between `from` and `to` (ms since the epoch), up to one sample after `to`. */
  between(from: number, to: number): number {
    let total = 0;
    let after = false;
    for (const sample of this.samples) {
      if (sample.at <= from) continue;
      if (sample.at > to) {
        if (after) break;
        after = true;
      }
      total += sample.lateMs;
    }
    return total;
  }
}
