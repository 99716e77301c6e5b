/**
 * Peak resident set size of this process. The kernel's own high-water mark (getrusage maxrss)
 * catches peaks between samples; sampling every few ms is the portable cross-check.
 */
export class MemorySampler {
  private peakBytes = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(everyMs = 10) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  private sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakBytes) this.peakBytes = rss;
  }

  /** Peak RSS in MB (1 MB = 2^20 bytes) over the process's life so far. */
  peakMb(): number {
    this.sample();
    const kernelPeakBytes = process.resourceUsage().maxRSS * 1024;
    return Math.max(this.peakBytes, kernelPeakBytes) / (1024 * 1024);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
