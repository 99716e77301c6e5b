import type { EventStore, JsonValue, RecordedEvent, SubscriberOperation, SubscriberOperations, SubscriberSession, SubscriberStore } from '@factum/event-store';
import { toErrorInfo } from '../failure-records';
import type { SubscriberSpec } from '../subscriber-spec';
import type { RebuildProgress, RebuildReport } from '../subscriber-status';
import type { SubscriptionLogger } from '../subscription-logger';
import { performPartitionedRebuild } from '../../projections/partitioned-rebuild';
import { reportToJson, retryDeadLetter, retryDeadLetters } from './dead-letter-retry';

/** What a runner lends its operations: its subscriber, stores, handler and rebuild. */
export interface OperationHost {
  readonly spec: SubscriberSpec;
  readonly store: EventStore;
  readonly subscriberStore: SubscriberStore;
  readonly logger: SubscriptionLogger;
  handle(event: RecordedEvent, session: SubscriberSession | null, attempt: number): Promise<void>;
  requestRebuild(onProgress: (progress: RebuildProgress) => void): Promise<RebuildReport>;
  restart(): void;
  /** Wakes the runner's loop, so it reaches a point where it performs what is due. */
  poke(): void;
  /** A request on the whole partitioned subscriber this runner is a partition of (its part in a rebuild). */
  offerWhole(operation: SubscriberOperation): void;
  /** How often the records of a partitioned rebuild are read. */
  readonly pollMs: number;
}

/** Progress is written at most this often: a fast rebuild reports after every batch. */
const PROGRESS_EVERY_MS = 250;

/**
 * The operation requests of one subscriber, performed by the runner that holds its lease.
 * Retries and skips run where the runner is between batches (never beside its own handling); a
 * rebuild is handed to the runner's rebuild machinery at once and finishes when it does.
 */
export class RunnerOperations {
  private readonly queue: SubscriberOperation[] = [];
  private readonly seen = new Set<string>();
  /** Rebuilds of the whole partitioned projector coordinated here (by partition 0's holder); aborted when the lease goes. */
  private readonly coordinations = new Set<AbortController>();

  constructor(
    private readonly host: OperationHost,
    private readonly operations: SubscriberOperations,
    private readonly performer: string,
  ) {}

  /** Requests are waiting for a point between batches. */
  get due(): boolean {
    return this.queue.length > 0;
  }

  /** A request for this subscriber was found in the store (again or for the first time). */
  offer(operation: SubscriberOperation): void {
    if (operation.subscriber !== this.host.spec.name) return this.offerWhole(operation);
    if (this.seen.has(operation.id)) return;
    this.seen.add(operation.id);
    if (operation.kind === 'rebuild') void this.startRebuild(operation);
    else {
      this.queue.push(operation);
      this.host.poke();
    }
  }

  /** The lease is gone: what was not performed is left to the next holder. */
  forget(): void {
    this.queue.length = 0;
    this.seen.clear();
    for (const coordination of this.coordinations) coordination.abort(new Error('the lease of partition 0 is gone'));
    this.coordinations.clear();
  }

  /** A request on the whole partitioned subscriber: every partition takes its part; partition 0's holder coordinates a rebuild. */
  private offerWhole(operation: SubscriberOperation): void {
    this.host.offerWhole(operation);
    if (operation.kind !== 'rebuild' || this.host.spec.partition?.index !== 0 || this.seen.has(operation.id)) return;
    this.seen.add(operation.id);
    void this.coordinate(operation);
  }

  private async coordinate(operation: SubscriberOperation): Promise<void> {
    const coordination = new AbortController();
    this.coordinations.add(coordination);
    try {
      if (!(await this.take(operation))) return;
      const { spec, store, subscriberStore, logger, pollMs } = this.host;
      const context = { spec, store, subscriberStore, operations: this.operations, logger, pollMs };
      const report = await performPartitionedRebuild(context, operation, coordination.signal);
      await this.operations.finish(operation.id, { result: report as unknown as JsonValue });
    } catch (error) {
      if (coordination.signal.aborted) return; // the next holder of partition 0 goes on from the records
      const { code, message } = toErrorInfo(error, null, 0);
      await this.operations.finish(operation.id, { error: { code, message } }).catch(() => undefined);
    } finally {
      this.coordinations.delete(coordination);
    }
  }

  /** Performs every queued retry, skip and restart; called by the runner between batches. */
  async performDue(): Promise<void> {
    while (this.queue.length > 0) {
      const operation = this.queue.shift()!;
      if (!(await this.take(operation))) continue;
      let outcome: { result: JsonValue } | { error: { code: string | null; message: string } };
      try {
        outcome = { result: await this.perform(operation) };
      } catch (error) {
        const { code, message } = toErrorInfo(error, null, 0);
        this.host.logger.warn?.({ err: error, subscriber: this.host.spec.name, operation: operation.kind }, 'a subscriber operation failed');
        outcome = { error: { code, message } };
      }
      await this.operations.finish(operation.id, outcome);
    }
  }

  /**
   * Claims the request; one this process was already performing when it lost the lease (same
   * performer, still running) is its own to finish now that it holds the lease again.
   */
  private async take(operation: SubscriberOperation): Promise<boolean> {
    if (operation.state === 'running' && operation.performer === this.performer) return true;
    return this.operations.claim(operation.id, this.performer);
  }

  private async perform(operation: SubscriberOperation): Promise<JsonValue> {
    const context = { spec: this.host.spec, store: this.host.store, subscriberStore: this.host.subscriberStore, handle: this.host.handle.bind(this.host) };
    switch (operation.kind) {
      case 'retry-dead-letter':
        await retryDeadLetter(context, operation.eventId!);
        return { retried: [operation.eventId!], failed: [] };
      case 'retry-dead-letters':
        return reportToJson(await retryDeadLetters(context));
      case 'restart':
        this.host.restart();
        return { restarted: true };
      default:
        throw new Error(`'${operation.kind}' is not performed by the runner`);
    }
  }

  private async startRebuild(operation: SubscriberOperation): Promise<void> {
    try {
      if (!(await this.take(operation))) return;
      let written = 0;
      const report = await this.host.requestRebuild((progress) => {
        const now = Date.now();
        if (!progress.finished && now - written < PROGRESS_EVERY_MS) return;
        written = now;
        void this.operations.progress(operation.id, progress as unknown as JsonValue).catch(() => undefined);
      });
      await this.operations.finish(operation.id, { result: report as unknown as JsonValue });
    } catch (error) {
      const { code, message } = toErrorInfo(error, null, 0);
      await this.operations.finish(operation.id, { error: { code, message } }).catch(() => undefined);
    }
  }
}
