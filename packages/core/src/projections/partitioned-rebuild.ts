import {
  isStartMarker,
  type EventStore,
  type GlobalPosition,
  type StartMarker,
  type SubscriberOperation,
  type SubscriberOperations,
  type SubscriberStore,
} from '@factum/event-store';
import { sleep } from '../subscriptions/abort';
import { countEvents } from '../subscriptions/event-counting';
import { partitionName } from '../subscriptions/subscriber-partitions';
import type { SubscriberSpec } from '../subscriptions/subscriber-spec';
import type { RebuildProgress, RebuildReport } from '../subscriptions/subscriber-status';
import type { SubscriptionLogger } from '../subscriptions/subscription-logger';
import { SUBSCRIBER_MARKERS } from '../subscriptions/start-position';
import { hasArrived, resetOf, resetRecord, type RebuildReset } from './partitioned-rebuild-records';

export interface PartitionedRebuildContext {
  /** A partition's spec: the projector's reset hook, event types and partition count. */
  spec: SubscriberSpec;
  store: EventStore;
  subscriberStore: SubscriberStore;
  operations: SubscriberOperations;
  logger: SubscriptionLogger;
  /** How often the partitions' records and checkpoints are read. */
  pollMs: number;
}

/** The done count is taken at most this often: it is a count over the log. */
const COUNT_EVERY_MS = 1_000;

/**
 * Performs a rebuild of a partitioned projector whose partitions may run in several processes,
 * for the request `operation` (claimed by the process holding partition 0). Each partition, where
 * it runs, stops at a batch boundary, deletes its checkpoint and records that it has arrived (see
 * `PartitionRebuildParticipant`); once all have, the read model is reset once, in one unit of
 * work with the record of the reset (and the partitions' checkpoints deleted again); then every
 * partition replays from its start, side by side, and this follows their checkpoints until each
 * has read up to the log's head as of the reset. Every step is recorded in the store, so a
 * process that takes partition 0 over (this one died) goes on from there: waiting for arrivals,
 * or for the replay; a reset whose record was not written is done again (nothing was replayed
 * into it yet). A store failure is retried; only `signal` (the lease of partition 0 lost) ends it
 * early, and the next holder continues.
 */
export async function performPartitionedRebuild(
  context: PartitionedRebuildContext,
  operation: SubscriberOperation,
  signal: AbortSignal,
): Promise<RebuildReport> {
  const rebuild = new PartitionedRebuild(context, operation);
  for (;;) {
    try {
      return await rebuild.run(signal);
    } catch (error) {
      if (signal.aborted) throw error;
      context.logger.warn?.({ err: error, subscriber: operation.subscriber }, 'a partitioned rebuild failed a step; trying again');
      await sleep(context.pollMs * 4, signal);
    }
  }
}

class PartitionedRebuild {
  private readonly subscriber: string;
  private readonly partitions: string[];
  private readonly startedAt = Date.now();
  private total: number | null = null;
  private done = 0;
  private countedAt = 0;

  constructor(
    private readonly context: PartitionedRebuildContext,
    private readonly operation: SubscriberOperation,
  ) {
    const partition = context.spec.partition!;
    this.subscriber = partition.subscriber;
    this.partitions = Array.from({ length: partition.count }, (_, index) => partitionName(partition.subscriber, index));
  }

  async run(signal: AbortSignal): Promise<RebuildReport> {
    const reset = (await resetOf(this.context.subscriberStore, this.subscriber, this.operation.id)) ?? (await this.resetOnceAllArrived(signal));
    const marker = await this.startMarker();
    this.total =
      reset.target === null ? 0 : await countEvents(this.context.store, { after: this.start, upTo: reset.target, filter: this.filter, startedAt: marker });
    await this.report(false);
    while (!(await this.replayed(reset.target, marker))) {
      await this.report(false);
      await sleep(this.context.pollMs, signal);
    }
    this.done = this.total;
    const progress = await this.report(true);
    return { subscriber: this.subscriber, events: progress.done, durationMs: progress.elapsedMs, eventsPerSecond: progress.eventsPerSecond };
  }

  /** Waits until every partition has arrived, then resets the read model once and records it. */
  private async resetOnceAllArrived(signal: AbortSignal): Promise<RebuildReset> {
    const { subscriberStore, spec, store } = this.context;
    for (;;) {
      const arrived = await Promise.all(this.partitions.map((name) => hasArrived(subscriberStore, name, this.operation.id)));
      if (arrived.every(Boolean)) break;
      await this.report(false); // a sign of life for the caller while partitions finish their batches
      await sleep(this.context.pollMs, signal);
    }
    const reset: RebuildReset = { rebuild: this.operation.id, target: await store.headPosition() };
    // A plain read model is reset before the record: a crash in between resets it again, while
    // no partition handles anything.
    if (!spec.atomic) await spec.reset?.(null);
    await subscriberStore.transaction(async (session) => {
      for (const name of this.partitions) await session.checkpoints.delete(name);
      if (spec.atomic) await spec.reset?.(session);
      await session.processStates.save(resetRecord(this.subscriber, reset));
    });
    return reset;
  }

  /** Whether every partition has read every event of its types up to `target`. */
  private async replayed(target: GlobalPosition | null, marker: StartMarker | undefined): Promise<boolean> {
    if (target === null) return true;
    const { store, subscriberStore } = this.context;
    const compare = (a: GlobalPosition, b: GlobalPosition) => store.comparePositions(a, b);
    const positions = await Promise.all(this.partitions.map((name) => subscriberStore.checkpoints.get(name)));
    let least: GlobalPosition | null | undefined;
    let finished = true;
    for (const position of positions) {
      const reached =
        (position !== null && compare(position, target) >= 0) ||
        // A checkpoint stops at the last event of its types: nothing of them left up to the target.
        (await countEvents(store, { after: position, upTo: target, filter: this.filter, cap: 1, startedAt: marker })) === 0;
      if (reached) continue;
      finished = false;
      if (least === undefined || position === null || (least !== null && compare(position, least) < 0)) least = position;
    }
    if (finished) return true;
    if (Date.now() - this.countedAt >= COUNT_EVERY_MS) {
      this.countedAt = Date.now();
      // Every partition reads every event of the projector's types: the slowest one tells how far the whole is.
      this.done =
        least === null || least === undefined ? 0 : await countEvents(store, { after: this.start, upTo: least, filter: this.filter, startedAt: marker });
    }
    return false;
  }

  private async report(finished: boolean): Promise<RebuildProgress> {
    const elapsedMs = Math.max(1, Date.now() - this.startedAt);
    const eventsPerSecond = Math.round((this.done * 1000) / elapsedMs);
    const total = this.total;
    const left = total === null ? null : Math.max(0, total - this.done);
    const etaMs = left === null ? null : left === 0 ? 0 : eventsPerSecond > 0 ? Math.round((left / eventsPerSecond) * 1000) : null;
    const progress: RebuildProgress = { subscriber: this.subscriber, done: this.done, total, eventsPerSecond, etaMs, elapsedMs, finished };
    await this.context.operations.progress(this.operation.id, { ...progress });
    return progress;
  }

  private get start(): GlobalPosition | null {
    const from = this.context.spec.startFrom;
    return from === 'origin' || from === 'head' ? null : from;
  }

  private get filter() {
    return { types: this.context.spec.eventTypes };
  }

  /** A hot-only projector's start marker: it never reads what came before it, rebuilt or not. */
  private async startMarker(): Promise<StartMarker | undefined> {
    const record = await this.context.subscriberStore.processStates.load(SUBSCRIBER_MARKERS, this.subscriber);
    const marker = (record?.state as { marker?: unknown } | null | undefined)?.marker;
    return isStartMarker(marker) ? marker : undefined;
  }
}
