/**
 * Checkpoint writes of a subscriber whose effects complete after handling (see
 * `SubscriberSpec.effectsDone`). Each batch's write waits for the batch's effects and for the
 * write before it, so checkpoints move in order and only past done effects, while the runner
 * goes on reading and handling; at most `depth` writes wait at once before the runner waits for
 * the oldest. The first failure fails every write queued after it, so none moves past it.
 */
export class CheckpointPipeline {
  private tail: Promise<void> = Promise.resolve();
  private readonly queued: Promise<void>[] = [];
  private failure: { error: unknown } | null = null;

  constructor(private readonly depth: number) {}

  /** Whether writes are queued and not yet awaited. */
  get pending(): boolean {
    return this.queued.length > 0;
  }

  /** Queues `write` behind `effects` and every write before it; waits while more than `depth` are queued. Throws an earlier failure. */
  async enqueue(effects: Promise<void>, write: () => Promise<void>): Promise<void> {
    // Handled now: a rejection must not count as unhandled while earlier writes are pending.
    effects.catch(() => undefined);
    this.throwIfFailed();
    const queued = this.tail.then(() => effects).then(write);
    queued.catch((error: unknown) => {
      this.failure ??= { error };
    });
    this.tail = queued;
    this.queued.push(queued);
    while (this.queued.length > this.depth) await this.queued.shift();
  }

  /** Waits for every queued write; throws the first failure. */
  async drain(): Promise<void> {
    while (this.queued.length > 0) await this.queued.shift();
    this.throwIfFailed();
  }

  /** Waits until every queued write has settled, however, and forgets them and their failure: a new run starts from the stored checkpoint. */
  async abandon(): Promise<void> {
    await Promise.allSettled(this.queued.splice(0));
    this.tail = Promise.resolve();
    this.failure = null;
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure.error;
  }
}
