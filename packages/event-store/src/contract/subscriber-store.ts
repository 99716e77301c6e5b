import type { CheckpointStore } from './checkpoint-store';
import type { DeadLetterStore } from './dead-letter-store';
import type { ProcessStateStore } from './process-state-store';
import type { SubscriberOperations } from './subscriber-operations';

/**
 * The stores of one unit of work. Everything written through a session commits together when the
 * work resolves, or not at all when it throws.
 */
export interface SubscriberSession<Tx = unknown> {
  readonly checkpoints: CheckpointStore;
  readonly processStates: ProcessStateStore;
  readonly deadLetters: DeadLetterStore;
  /**
   * The store's handle for a subscriber's own writes in the same transaction (a SQL client on
   * Postgres): a projector that writes its read model through it commits the read model and its
   * checkpoint together. `undefined` when the store has no such transactions.
   */
  readonly tx: Tx;
  /**
   * Writes what the subscriber's handlers staged in `tx` for the end of the unit of work (bulk
   * read-model writes on Postgres). The runtime calls it once, last: after the handlers of a unit
   * of work and after it asked for the checkpoint's fenced write (`checkpoints.set` with
   * `expected`), which a store may hold back and send here together with the staged writes (the
   * Postgres store sends both as one statement). The runtime treats a failure as the handlers'
   * failure, except a `CheckpointConflictError`, which is the fence refusing the write.
   * Absent when the store stages nothing.
   */
  prepareCommit?(): Promise<void>;
}

/**
 * What subscribers persist besides events: checkpoints, process-manager state and dead letters.
 * A subscription runtime runs each batch of a subscriber in one `transaction`, so a checkpoint
 * never moves without the state changes of the events it covers (and, with `tx`, the read-model
 * writes), and never the other way round.
 */
export interface SubscriberStore<Tx = unknown> {
  /**
   * Whether `tx` is a real transaction handle: `true` when a subscriber's own writes through it
   * commit atomically with the session's checkpoint (exactly-once effects).
   */
  readonly supportsTransactions: boolean;
  /** Runs `work` in one unit of work; rolls back when it throws and rethrows the error. */
  transaction<T>(work: (session: SubscriberSession<Tx>) => Promise<T>): Promise<T>;
  /** The same stores outside any transaction (status, inspection, non-transactional writes). */
  readonly checkpoints: CheckpointStore;
  readonly processStates: ProcessStateStore;
  readonly deadLetters: DeadLetterStore;
  /**
   * Operation requests (retry, skip, rebuild...) and what the running process reports about each
   * subscriber, shared by every process on this store. A store without it serves operations only
   * within one process.
   */
  readonly operations?: SubscriberOperations;
}
