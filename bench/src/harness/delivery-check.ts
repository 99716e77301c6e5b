import type { Figures } from '../workloads/types.js';

/**
 * Counts what a consumer delivered against what was written. Every written event carries a
 * unique sequence number `n` in 0..expected-1, so lost and duplicated events are both visible.
 */
export class DeliveryCheck {
  private readonly seen: Uint8Array;
  delivered = 0;
  duplicates = 0;
  outOfRange = 0;
  private distinct = 0;

  constructor(readonly expected: number) {
    this.seen = new Uint8Array(expected);
  }

  record(n: unknown): void {
    this.delivered++;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= this.expected) {
      this.outOfRange++;
      return;
    }
    if (this.seen[n] === 0) {
      this.distinct++;
      this.seen[n] = 1;
    } else this.duplicates++;
  }

  get complete(): boolean {
    return this.distinct === this.expected;
  }

  get missing(): number {
    return this.expected - this.distinct;
  }

  figures(): Figures {
    return { delivered: this.delivered, expected: this.expected, missing: this.missing, duplicates: this.duplicates + this.outOfRange };
  }
}
