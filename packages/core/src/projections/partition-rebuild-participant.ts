import { CheckpointConflictError, type GlobalPosition, type SubscriberOperation, type SubscriberOperations, type SubscriberStore } from '@factum/event-store';
import type { SubscriberSpec } from '../subscriptions/subscriber-spec';
import type { SubscriptionLogger } from '../subscriptions/subscription-logger';
import { arrivalRecord, resetOf, type RebuildReset } from './partitioned-rebuild-records';

/** What a partition's runner lends its part in a rebuild of the whole projector. */
export interface ParticipantHost {
  readonly spec: SubscriberSpec;
  readonly subscriberStore: SubscriberStore;
  readonly operations: SubscriberOperations;
  readonly logger: SubscriptionLogger;
  /** How often the rebuild's records are read while the partition waits for the reset. */
  readonly pollMs: number;
  /** The checkpoint as this runner last stored it: the arrival's delete is fenced on it. */
  storedCheckpoint(): GlobalPosition | null;
  /** The partition has arrived: what it handled is no longer kept; it handles nothing until `replay`. */
  dropCheckpoint(): void;
  /** The read model was reset: read again from the stored checkpoint (none: from the start), tracking progress up to `target`. */
  replay(stored: GlobalPosition | null, target: GlobalPosition | null): void;
  /** The runner must give its lease up (handover): waiting stops, and the next holder takes the part over. */
  mustYield(): boolean;
  wait(ms: number, signal: AbortSignal): Promise<void>;
}

/**
 * One partition's part in a rebuild of its partitioned projector (see `performPartitionedRebuild`),
 * wherever it runs: at a batch boundary it deletes its checkpoint and records its arrival, waits
 * (handling nothing) until the read model was reset, then replays. A process that takes the
 * partition over mid-rebuild does the same from where the records stand.
 */
export class PartitionRebuildParticipant {
  /** A running rebuild of the whole projector that this partition has not replayed for yet. */
  private open: SubscriberOperation | null = null;
  /** Rebuilds this lease term needs nothing more for (replayed, or started after their reset). */
  private readonly finished = new Set<string>();

  constructor(private readonly host: ParticipantHost) {}

  private get subscriber(): string {
    return this.host.spec.partition!.subscriber;
  }

  /** The partition's part is due at the next batch boundary. */
  get due(): boolean {
    return this.open !== null;
  }

  /** A request on the whole projector, as the operations agent found it. */
  offer(operation: SubscriberOperation): void {
    // Only once partition 0's holder has claimed it: a pending request may still be cancelled.
    if (operation.kind !== 'rebuild' || operation.state !== 'running' || this.finished.has(operation.id)) return;
    this.open = operation;
  }

  /**
   * A new lease term reads from the stored checkpoint: a rebuild already reset needs nothing more;
   * one still waiting for arrivals needs this partition's, before it handles anything.
   */
  async atLeaseStart(): Promise<void> {
    this.forget();
    const rebuilds = (await this.host.operations.open([this.subscriber])).filter((operation) => operation.kind === 'rebuild' && operation.state === 'running');
    for (const operation of rebuilds) {
      if (await resetOf(this.host.subscriberStore, this.subscriber, operation.id)) this.finished.add(operation.id);
      else this.open = operation;
    }
  }

  forget(): void {
    this.open = null;
    this.finished.clear();
  }

  /** Arrives (once), waits for the reset, then has the runner replay; returns early when the runner must yield. */
  async take(signal: AbortSignal): Promise<void> {
    const operation = this.open;
    if (!operation) return;
    const { subscriberStore, spec } = this.host;
    let reset: RebuildReset | null | 'yield' = await resetOf(subscriberStore, this.subscriber, operation.id);
    if (!reset) {
      await this.arrive(operation.id);
      reset = await this.waitForReset(operation, signal);
      if (reset === 'yield') return;
    }
    this.open = null;
    this.finished.add(operation.id);
    if (!reset)
      this.host.logger.warn?.(
        { subscriber: spec.name, operation: operation.id },
        'a partitioned rebuild ended without a reset; reading on from the checkpoint',
      );
    this.host.replay(await subscriberStore.checkpoints.get(spec.name), reset?.target ?? null);
  }

  /** Deletes the partition's checkpoint (fenced: it must still be what this runner stored) and records the arrival, in one unit of work. */
  private async arrive(rebuild: string): Promise<void> {
    const { subscriberStore, spec } = this.host;
    const expected = this.host.storedCheckpoint();
    await subscriberStore.transaction(async (session) => {
      const current = await session.checkpoints.get(spec.name);
      if (current !== expected) throw new CheckpointConflictError(spec.name, expected, current);
      await session.checkpoints.delete(spec.name);
      await session.processStates.save(arrivalRecord(spec.name, rebuild));
    });
    this.host.dropCheckpoint();
  }

  private async waitForReset(operation: SubscriberOperation, signal: AbortSignal): Promise<RebuildReset | null | 'yield'> {
    for (;;) {
      const reset = await resetOf(this.host.subscriberStore, this.subscriber, operation.id);
      if (reset) return reset;
      const current = await this.host.operations.get(operation.id);
      if (!current || current.state === 'done' || current.state === 'failed') return null;
      if (this.host.mustYield()) return 'yield';
      await this.host.wait(this.host.pollMs, signal);
    }
  }
}
