/** Events per second over the last `windowMs`: what a subscriber handles now, not on average since start. */
export class ThroughputMeter {
  private readonly samples: Array<{ at: number; events: number }> = [];

  constructor(private readonly windowMs = 10_000) {}

  add(events: number, now = Date.now()): void {
    if (events > 0) this.samples.push({ at: now, events });
    this.prune(now);
  }

  perSecond(now = Date.now()): number {
    this.prune(now);
    const events = this.samples.reduce((sum, sample) => sum + sample.events, 0);
    return events === 0 ? 0 : Math.round((events * 1000 * 10) / this.windowMs) / 10;
  }

  private prune(now: number): void {
    while (this.samples.length > 0 && this.samples[0]!.at <= now - this.windowMs) this.samples.shift();
  }
}
