import type { DurationPercentiles, HandlingTimings, RecordedEvent } from '@factum/event-store';

/** How many recent events the percentiles are taken over: enough for a p99, small enough to sort every second. */
export const HANDLING_TIMES_WINDOW = 1_000;

/**
 * Receive and process times of a subscriber's latest events, in a fixed-size ring: receive from
 * the event's `occurredAt` (its append; the database's clock) to its delivery to the subscriber,
 * process from that delivery until its batch was handled (committed, for a transactional
 * projector). Memory stays bounded however many events pass.
 */
export class HandlingTimes {
  private readonly receive: Float64Array;
  private readonly process: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(private readonly size = HANDLING_TIMES_WINDOW) {
    this.receive = new Float64Array(size);
    this.process = new Float64Array(size);
  }

  /** `events` were delivered at `receivedAt` and are handled now. */
  add(events: readonly RecordedEvent[], receivedAt: number, now = Date.now()): void {
    for (const event of events) {
      // The two clocks can be skewed by a little: a negative delay says only "no wait at all".
      this.receive[this.next] = Math.max(0, receivedAt - event.occurredAt.getTime());
      this.process[this.next] = Math.max(0, now - receivedAt);
      this.next = (this.next + 1) % this.size;
      this.filled = Math.min(this.filled + 1, this.size);
    }
  }

  /** The percentiles over the window; `null` before the first event. */
  summary(): HandlingTimings | null {
    if (this.filled === 0) return null;
    return { events: this.filled, receive: percentiles(this.receive, this.filled), process: percentiles(this.process, this.filled) };
  }
}

function percentiles(samples: Float64Array, count: number): DurationPercentiles {
  const sorted = samples.slice(0, count).sort();
  // Nearest rank: the smallest sample that at least p% of the samples do not exceed.
  const at = (p: number): number => Math.round(sorted[Math.max(0, Math.ceil((p / 100) * count) - 1)]! * 10) / 10;
  return { p50: at(50), p95: at(95), p99: at(99) };
}
