import type { IntegrationBroker } from './integration-broker';
import type { IntegrationMessage } from './integration-message';

/** The messages sent between two marks: `done` settles once all are acknowledged, or the run failed. */
interface Group {
  outstanding: number;
  closed: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

/** A message as the publisher makes it; the window adds where it stands in its chain. */
export type UnchainedMessage = Omit<IntegrationMessage, 'previousId' | 'chain' | 'partition'>;

/**
 * The messages one chain of a publisher (the publisher, or one of its partitions) has sent and
 * the broker has not yet acknowledged: at most `maxInFlight` of them (sending waits for a free
 * place, which is the back-pressure on a slow broker). `mark` cuts the messages sent so far into
 * a group whose acknowledgement the checkpoint past them waits for, while later messages go on
 * being sent. The first failure ends the run: nothing more is sent, every group not yet
 * acknowledged fails with it, so no checkpoint moves past it and the publisher starts over.
 */
export class PublishWindow {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private failure: { error: unknown } | null = null;
  private previousId: string | null = null;
  /** Counts runs: acknowledgements of an abandoned run change nothing in the next. */
  private run = 0;
  private group: Group = openGroup();
  /** Closed groups not yet acknowledged, oldest first. */
  private readonly marked = new Set<Group>();

  constructor(
    private readonly broker: IntegrationBroker,
    private readonly maxInFlight: number,
    private readonly chain: Pick<IntegrationMessage, 'chain' | 'partition'>,
  ) {}

  /** Sends the message once there is room; resolves when it is sent, not when it is acknowledged. */
  async send(message: UnchainedMessage): Promise<void> {
    while (this.inFlight >= this.maxInFlight && this.failure === null) await new Promise<void>((resolve) => this.waiting.push(resolve));
    // Already failed: this message is published again when the run starts over from the checkpoint.
    if (this.failure !== null) return;
    const run = this.run;
    const group = this.group;
    const previousId = this.previousId;
    this.previousId = message.id;
    this.inFlight++;
    group.outstanding++;
    let published: Promise<void>;
    try {
      published = this.broker.publish({ ...message, previousId, chain: this.chain.chain, partition: this.chain.partition });
    } catch (error) {
      published = Promise.reject(error);
    }
    published.then(
      () => this.settle(run, group, null),
      (error: unknown) => this.settle(run, group, { error }),
    );
  }

  /**
   * Resolves once every message sent so far is acknowledged; rejects with the run's first
   * failure. Messages sent afterwards are not waited for.
   */
  mark(): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure.error);
    const group = this.group;
    this.group = openGroup();
    group.closed = true;
    const done = new Promise<void>((resolve, reject) => {
      group.resolve = resolve;
      group.reject = reject;
    });
    if (group.outstanding === 0) group.resolve();
    else this.marked.add(group);
    return done;
  }

  /** Forgets the run: what was sent and not acknowledged is published again from the checkpoint. */
  reset(): void {
    this.fail(new Error('the run was discarded; it starts over from the checkpoint'));
    this.run++;
    this.inFlight = 0;
    this.failure = null;
    this.previousId = null;
    this.group = openGroup();
  }

  private settle(run: number, group: Group, failure: { error: unknown } | null): void {
    if (run !== this.run) return;
    this.inFlight--;
    if (failure !== null) {
      if (this.failure === null) this.fail(failure.error);
      return;
    }
    group.outstanding--;
    if (group.closed && group.outstanding === 0 && this.marked.delete(group)) group.resolve();
    this.waiting.shift()?.();
  }

  private fail(error: unknown): void {
    this.failure = { error };
    for (const group of this.marked) group.reject(error);
    this.marked.clear();
    for (const wake of this.waiting.splice(0)) wake();
  }
}

function openGroup(): Group {
  return { outstanding: 0, closed: false, resolve: () => undefined, reject: () => undefined };
}
