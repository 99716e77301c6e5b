import type { IntegrationBroker } from './integration-broker';
import type { IntegrationMessage } from './integration-message';

/**
 * The messages a publisher has sent and the broker has not yet acknowledged: at most
 * `maxInFlight` of them (sending waits for a free place, which is the back-pressure on a slow
 * broker). The first failure ends the run: nothing more is sent, and `drain` throws it, so the
 * checkpoint does not move and the publisher starts over from it.
 */
export class PublishWindow {
  private inFlight = 0;
  private readonly pending = new Set<Promise<void>>();
  private readonly waiting: Array<() => void> = [];
  private failure: { error: unknown } | null = null;
  private previousId: string | null = null;
  /** Counts runs: acknowledgements of an abandoned run change nothing in the next. */
  private run = 0;
  private onFailure: (() => void) | null = null;

  constructor(
    private readonly broker: IntegrationBroker,
    private readonly maxInFlight: number,
  ) {}

  /** Sends the message once there is room; resolves when it is sent, not when it is acknowledged. */
  async send(message: Omit<IntegrationMessage, 'previousId'>): Promise<void> {
    while (this.inFlight >= this.maxInFlight && this.failure === null) await new Promise<void>((resolve) => this.waiting.push(resolve));
    // Already failed: this message is published again when the run starts over from the checkpoint.
    if (this.failure !== null) return;
    const run = this.run;
    const previousId = this.previousId;
    this.previousId = message.id;
    this.inFlight++;
    let published: Promise<void>;
    try {
      published = this.broker.publish({ ...message, previousId });
    } catch (error) {
      published = Promise.reject(error);
    }
    const settled: Promise<void> = published.then(
      (): void => this.settle(run, settled, null),
      (error: unknown): void => this.settle(run, settled, { error }),
    );
    this.pending.add(settled);
  }

  /** Waits for every acknowledgement, or for the run's first failure, which it throws (and starts a new run). */
  async drain(): Promise<void> {
    while (this.pending.size > 0 && this.failure === null) {
      const failed = new Promise<void>((resolve) => (this.onFailure = resolve));
      await Promise.race([Promise.all([...this.pending]), failed]);
    }
    this.onFailure = null;
    const failure = this.failure;
    if (failure === null) return;
    this.reset();
    throw failure.error;
  }

  /** Forgets the run: what was sent and not acknowledged is published again from the checkpoint. */
  reset(): void {
    this.run++;
    this.inFlight = 0;
    this.pending.clear();
    this.failure = null;
    this.previousId = null;
    for (const wake of this.waiting.splice(0)) wake();
  }

  private settle(run: number, settled: Promise<void>, failure: { error: unknown } | null): void {
    if (run !== this.run) return;
    this.inFlight--;
    this.pending.delete(settled);
    if (failure !== null && this.failure === null) {
      this.failure = failure;
      this.onFailure?.();
      for (const wake of this.waiting.splice(0)) wake();
      return;
    }
    this.waiting.shift()?.();
  }
}
