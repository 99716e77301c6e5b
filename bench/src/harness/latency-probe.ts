import { now, sleep, until } from './concurrency.js';
import type { HorizonWatch } from './horizon-watch.js';
import { percentile } from './stats.js';
import { streamName } from '../workloads/event-shapes.js';

/**
 * The latency workload's clock, the same for every system: warm-up appends until the consumer
 * sees one, then `appends` appends paced at `ratePerSecond`, each timed from the append call to
 * the consumer's handler. The consumer calls `received(n)` with the event's sequence number
 * (negative for warm-up events); `append(streamId, n)` appends event `n` (-1 for a warm-up event)
 * to that stream.
 */
export class LatencyProbe {
  private readonly sentAt: Float64Array;
  private readonly latencies: number[] = [];
  private warmedUp = false;

  constructor(private readonly appends: number) {
    this.sentAt = new Float64Array(appends);
  }

  received(n: number): void {
    if (n < 0) this.warmedUp = true;
    else this.latencies.push(now() - this.sentAt[n]!);
  }

  async run(append: (streamId: string, n: number) => Promise<unknown>, ratePerSecond: number, watch: HorizonWatch): Promise<void> {
    // Warm-up events until one arrives: proves the consumer is live before the clock
    // starts (a consumer starting at the end may begin after the first one committed).
    const warmUpDeadline = now() + 15_000;
    let warmUps = 0;
    while (!this.warmedUp) {
      if (now() > warmUpDeadline) throw new Error(`the consumer did not go live within 15 s: it delivered none of ${warmUps} warm-up events`);
      await append('account-warmup', -1);
      warmUps++;
      await until(() => this.warmedUp, 300, 'a warm-up event').catch(() => undefined);
    }
    await watch.start();
    const interval = 1000 / ratePerSecond;
    const t0 = now();
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < this.appends; i++) {
      const due = t0 + i * interval;
      if (due > now()) await sleep(due - now());
      this.sentAt[i] = now();
      pending.push(append(streamName(i), i));
    }
    await Promise.all(pending);
    await until(() => this.latencies.length >= this.appends, 15_000, 'every event to reach the consumer').catch(() => undefined);
  }

  figures(): { p50: number; p99: number; max: number; delivered: number; expected: number } {
    const latencies = this.latencies;
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), delivered: latencies.length, expected: this.appends };
  }
}
