import type { RecordedEvent, StartPosition } from '@factum/event-store';
import type { ErrorPolicy, RetryOptions } from './error-policy';

/** What every subscriber declares. */
export interface SubscriberOptions {
  /**
   * The subscription's identity: its checkpoint (and lease, and dead letters) are stored under
   * it. Renaming a subscriber starts a new subscription.
   */
  name: string;
  /** Retries of a failing handler before `onError` decides (bounded exponential backoff). */
  retry?: RetryOptions;
  /** What happens to an event whose handler still fails after its retries. Default `'stop'`. */
  onError?: ErrorPolicy;
  /** Events per read while catching up, and the most per unit of work. Default: the app's (500). */
  batchSize?: number;
  /**
   * Split the subscription into this many partitions (1 to 1,024), each with its own checkpoint
   * and lease, shared out among the processes running the app (see docs/scaling.md). An event
   * goes to the partition of its `partitionBy` key, so events of one key are handled in order.
   * Default 1. Changing it is refused at start; rename the subscriber to rebuild it instead.
   */
  partitions?: number;
  /**
   * The key that picks an event's partition. Default: the stream id (for process managers, the
   * instance's correlation key, so one instance never spans two partitions).
   */
  partitionBy?: (event: RecordedEvent) => string;
}

/**
 * Where a projector keeps its read model, which decides where its checkpoint may live:
 * - `'memory'`: in this process (fields of the class). It dies with the process, so its
 *   checkpoint is kept in this process too: every new process builds it again from `startFrom`
 *   (the origin by default), never resuming from a stored checkpoint, and every process runs
 *   its own copy.
 * - `'durable'`: somewhere that outlives the process (a table, a file, another service). It
 *   resumes from the checkpoint in the app's subscriber store; one process runs it at a time.
 */
export type ReadModelStorage = 'memory' | 'durable';

export interface ProjectorOptions extends SubscriberOptions {
  /** Where a new projector begins: `'origin'` (default: the whole log), `'head'` or a position. */
  startFrom?: StartPosition;
  /**
   * Where the read model lives (see `ReadModelStorage`). `transactional: true` means `'durable'`.
   * Otherwise the default is `'memory'` while the app keeps checkpoints in memory; with a
   * durable subscriber store (`PostgresSubscriberStore`) it must be declared, because a
   * checkpoint that outlives an in-memory read model would resume it with nothing in it.
   */
  readModel?: ReadModelStorage;
  /**
   * Handle events inside the subscriber store's transaction (`ctx.tx`), committing read-model
   * writes and the checkpoint together: exactly-once effects. Needs a store with transactions
   * (Postgres). Default false: at-least-once, the checkpoint is written after the handlers.
   */
  transactional?: boolean;
  /** `'strong'` (default): `dispatch(cmd, { consistency: 'strong' })` waits for this projector. */
  consistency?: 'strong' | 'eventual';
}

export interface EventHandlerOptions extends SubscriberOptions {
  /** Where a new handler begins: `'head'` (default: only events from its first start on), `'origin'` or a position. */
  startFrom?: StartPosition;
  /** As for projectors; default false. */
  transactional?: boolean;
  /** `'eventual'` (default), or `'strong'` to make strongly consistent dispatches wait for it. */
  consistency?: 'strong' | 'eventual';
}

/** Process managers always start at the head (hot only) and are never rebuilt. */
export type ProcessManagerOptions = SubscriberOptions;
