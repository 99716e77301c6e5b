import type { RecordedEvent, StartPosition, StreamPartition, SubscriberSession } from '@factum/event-store';
import type { ErrorPolicy, RetryOptions } from './error-policy';
import type { SubscriberKind } from './subscriber-status';

/**
 * One subscriber as the runtime runs it, whatever its kind: the decorators (projectors, event
 * handlers, process managers) each compile a class into one of these.
 */
export interface SubscriberSpec {
  /** The identity of the subscription: what its checkpoint and lease are stored under. */
  name: string;
  kind: SubscriberKind;
  /**
   * Where a subscriber without a checkpoint begins. `'head'` is hot-only: the head at the
   * first start is persisted at once, so a later restart resumes there and handles what arrived
   * while it was down.
   */
  startFrom: StartPosition;
  /** The event types it handles; the store filters by them, so no other event is read. */
  eventTypes: readonly string[];
  /**
   * Handle each batch in one unit of work of the subscriber store (handler writes, process
   * state and checkpoint commit together); a failing batch is redone one event per unit.
   * Otherwise events are handled outside any unit of work, and their checkpoint (with what
   * `flush` writes) is written in one unit of work after them.
   */
  atomic: boolean;
  /** Whether `consistency: 'strong'` dispatches wait for it. */
  strong: boolean;
  /**
   * What it builds lives in this process only (a read model in memory): its checkpoint is kept
   * in this process too, so a new process starts it from `startFrom` instead of resuming from a
   * stored checkpoint, and it takes no lease shared with other processes (each builds its own).
   */
  inProcess?: boolean;
  /** Whether `projections.rebuild` may reset and replay it. */
  rebuildable: boolean;
  batchSize?: number;
  retry?: RetryOptions;
  onError?: ErrorPolicy;
  /** Handles one event; `session` is the batch's unit of work for atomic subscribers, `null` otherwise. */
  handle(event: RecordedEvent, session: SubscriberSession | null): Promise<void>;
  /** Empties what the subscriber built (a rebuild's first step), in the unit of work that deletes its checkpoint. */
  reset?(session: SubscriberSession | null): Promise<void>;
  /**
   * For non-atomic subscribers that stage writes while handling (process-manager state): writes
   * them in the unit of work that moves the checkpoint past the events they came from. When
   * present, the checkpoint is written after every batch.
   */
  flush?(session: SubscriberSession): Promise<void>;
  /**
   * For non-atomic subscribers whose effects complete after `handle` returns (a broker's
   * acknowledgements): resolves once the effects of every event handled so far are done, and
   * rejects when one of them failed. The checkpoint past a batch is written only after this has
   * resolved for it and the checkpoint of the batch before is written; meanwhile the next
   * batches are read and handled (a few at most). A rejection starts the subscriber over from
   * its checkpoint, as a store failure does.
   */
  effectsDone?(): Promise<void>;
  /** Drops staged writes that were not flushed (and effects not done): the events they came from will be handled again. */
  discard?(): void;
  /** The key that picks an event's partition (see `partitions`); default the stream id. */
  partitionKey?(event: RecordedEvent): string;
  /** Set on one partition of a partitioned subscriber: which one, of how many, of which subscriber. */
  partition?: SubscriberPartition;
  /**
   * Whether this (partition of a) subscriber handles `event`: one it reads but leaves to another
   * partition only moves its checkpoint. Always true when absent.
   */
  accepts?(event: RecordedEvent): boolean;
  /**
   * Set when the events `accepts` takes are those of one partition of the streams (a subscriber
   * partitioned by stream id, the default key): its reads ask the store for that partition only,
   * rather than read the whole log and leave the rest. `accepts` still decides.
   */
  streamPartition?: StreamPartition;
}

export interface SubscriberPartition {
  /** The name of the partitioned subscriber. */
  subscriber: string;
  index: number;
  count: number;
}
