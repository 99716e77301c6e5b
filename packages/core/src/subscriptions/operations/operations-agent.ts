import type { NewSubscriberReport, SubscriberOperation, SubscriberOperations } from '@factum/event-store';
import type { SubscriptionLogger } from '../subscription-logger';

/** What the agent needs of each runner. */
export interface OperatedRunner {
  readonly name: string;
  /** For a partition: the partitioned subscriber's name, whose requests concern every partition. */
  readonly subscriber?: string;
  /** Whether this process holds the subscriber's lease now. */
  readonly active: boolean;
  offer(operation: SubscriberOperation): void;
  report(): Promise<NewSubscriberReport>;
}

export interface OperationsAgentOptions {
  /** How often requests are looked for. */
  pollMs: number;
  /** How often each active subscriber's report is written. */
  reportMs: number;
  logger: SubscriptionLogger;
}

/**
 * The part of a process that serves operations on the subscribers it runs: it looks for
 * requests in the shared store (a short poll: one indexed query for all of them) and hands each
 * to its runner, and publishes what each runner reports, so that status can be read anywhere.
 */
export class OperationsAgent {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private lastReport = 0;

  constructor(
    private readonly operations: SubscriberOperations,
    private readonly runners: () => Iterable<OperatedRunner>,
    private readonly options: OperationsAgentOptions,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.nudge(), this.options.pollMs);
    this.timer.unref?.();
    this.nudge();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** Looks for requests now (e.g. right after this process recorded one). */
  nudge(): void {
    if (this.ticking) return;
    this.ticking = this.tick()
      .catch((error: unknown) => this.options.logger.warn?.({ err: error }, 'looking for subscriber operations failed; trying again'))
      .finally(() => (this.ticking = null));
  }

  private async tick(): Promise<void> {
    const active = [...this.runners()].filter((runner) => runner.active);
    if (active.length === 0) return;
    const byName = new Map(active.map((runner) => [runner.name, [runner]]));
    // A request on a partitioned subscriber as a whole (a rebuild) goes to each of its partitions here.
    for (const runner of active) if (runner.subscriber !== undefined) byName.set(runner.subscriber, [...(byName.get(runner.subscriber) ?? []), runner]);
    for (const operation of await this.operations.open([...byName.keys()]))
      for (const runner of byName.get(operation.subscriber) ?? []) runner.offer(operation);
    if (Date.now() - this.lastReport >= this.options.reportMs) {
      this.lastReport = Date.now();
      for (const runner of active) await this.operations.publish(await runner.report());
    }
  }
}
