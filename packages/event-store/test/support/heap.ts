import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, so heap figures count only what is still reachable. Jest does not
 * start Node with --expose-gc; the flag can be set at run time and `gc` taken from a new context.
 */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc ?? exposedGc();
  gc();
}

let cached: (() => void) | undefined;
function exposedGc(): () => void {
  if (!cached) {
    setFlagsFromString('--expose-gc');
    cached = runInNewContext('gc') as () => void;
  }
  return cached;
}

/** Reachable heap in bytes, after a full collection. */
export function liveHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Tracks the largest live-heap growth over a baseline, sampled at the points a test chooses. */
export class HeapWatch {
  private readonly baseline = liveHeap();
  maxGrowth = 0;

  sample(): void {
    this.maxGrowth = Math.max(this.maxGrowth, liveHeap() - this.baseline);
  }
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
