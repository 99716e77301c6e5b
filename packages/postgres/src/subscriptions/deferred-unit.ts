import { createHash } from 'node:crypto';
import { CheckpointConflictError, type GlobalPosition } from '@factum/event-store';
import type { QueryOptions, SqlClient, SqlResult, SqlTransaction } from '../client/sql-client';
import type { PostgresCheckpointStore } from '../checkpoints/postgres-checkpoint-store';
import { bulkWriteStatement } from '../sql/bulk-write-statements';
import { fusedUnitStatement } from '../sql/fused-unit-statement';
import { guardSchema } from '../schema/guard-schema';
import { hasStagedWrites, takeStagedWrites } from '../projections/staged-writes';

/** A fenced checkpoint write the unit has been asked for and not sent yet. */
export interface PendingCheckpoint {
  name: string;
  position: GlobalPosition;
  /** The position it must still be at; `null`: there must be none yet. */
  expected: GlobalPosition | null;
}

const ENDED = 'This unit of work has ended: run statements only inside its transaction callback, through the tx it was given.';

/**
 * A subscriber's unit of work on Postgres that opens its transaction only when a statement needs
 * one. Most batches of a transactional projector that stages its rows (`SqlTable`) send nothing
 * while their handlers run; their unit then ends with one statement (`sql/fused-unit-statement.ts`)
 * that writes the rows and the fenced checkpoint together, or, with nothing staged, the checkpoint
 * write alone: one round trip where BEGIN, the rows, the checkpoint and COMMIT took four.
 *
 * Anything else makes it an ordinary transaction from that point on: a statement through `tx`
 * (a handler's query, a process manager's state, a dead letter) opens it, with the checkpoint
 * write first if one is pending, and everything after runs in it, committed at the end.
 */
export class DeferredUnit implements SqlTransaction {
  private transaction: Promise<SqlTransaction> | null = null;
  private decide: (commit: boolean) => void = () => undefined;
  private finished: Promise<unknown> = Promise.resolve();
  private ended = false;
  /** The unit ended in one statement of its own (the fused write, or the checkpoint alone), sent or being sent. */
  private sentAlone = false;
  private pending: PendingCheckpoint | null = null;
  private readonly beforeCommitWork: Array<() => Promise<void>> = [];
  private readonly afterCommitCallbacks: Array<() => void> = [];

  constructor(
    private readonly client: SqlClient,
    private readonly checkpoints: PostgresCheckpointStore,
  ) {}

  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<Row>> {
    if (this.ended || this.sentAlone) return Promise.reject(new Error(ENDED));
    return this.begin().then((tx) => tx.query<Row>(text, params, options));
  }

  afterCommit(callback: () => void): void {
    this.afterCommitCallbacks.push(callback);
  }

  beforeCommit(work: () => Promise<void>): void {
    if (this.ended || this.sentAlone) throw new Error('This unit of work has ended: register before-commit work only inside its transaction callback.');
    this.beforeCommitWork.push(work);
  }

  /** Asks for the fenced checkpoint write: kept for the end of the unit unless its transaction is open. */
  async setCheckpoint(checkpoint: PendingCheckpoint): Promise<void> {
    if (this.ended || this.sentAlone) throw new Error(ENDED);
    if (this.transaction || this.pending) {
      await this.begin();
      await this.checkpoints.using(this).set(checkpoint.name, checkpoint.position, { expected: checkpoint.expected });
      return;
    }
    this.pending = checkpoint;
  }

  /**
   * Writes what the handlers staged, and the checkpoint if it is pending: as one statement that
   * commits the unit when that is all there is, otherwise in the unit's transaction.
   */
  async prepareCommit(): Promise<void> {
    if (this.ended || this.sentAlone) throw new Error(ENDED);
    // Staging registers one before-commit flush per transaction; any other before-commit work
    // (someone else's) needs the transaction.
    const registeredByStaging = hasStagedWrites(this) ? 1 : 0;
    const statements = takeStagedWrites(this);
    if (!this.transaction && this.pending && statements.length <= 1 && this.beforeCommitWork.length === registeredByStaging) {
      this.beforeCommitWork.length = 0;
      const pending = this.pending;
      this.pending = null;
      this.sentAlone = true;
      await (statements[0] ? this.fused(pending, statements[0]) : this.checkpointAlone(pending));
      return;
    }
    const tx = await this.begin();
    for (const { table, shape, payload } of statements) await tx.query(bulkWriteStatement(table, shape)!, [payload]);
  }

  /** Ends the unit: commits its transaction, or sends the pending checkpoint write alone. */
  async commit(): Promise<void> {
    if (!this.sentAlone) {
      if (!this.transaction && this.beforeCommitWork.length === 0) {
        const pending = this.pending;
        this.pending = null;
        this.ended = true;
        if (pending) await this.checkpointAlone(pending);
      } else {
        await this.begin();
        for (let next = this.beforeCommitWork.shift(); next; next = this.beforeCommitWork.shift()) await next();
        this.ended = true;
        this.decide(true);
        await this.finished;
      }
    }
    this.ended = true;
    for (const callback of this.afterCommitCallbacks.splice(0)) {
      try {
        callback();
      } catch {
        // Callbacks are wake-ups; a failing one only delays a reader until its next poll.
      }
    }
  }

  /** Ends the unit without its effects (a statement it sent alone has committed, as a COMMIT would have). */
  async rollback(): Promise<void> {
    this.ended = true;
    if (!this.transaction) return;
    this.decide(false);
    await this.finished.catch(() => undefined);
  }

  /** The unit's transaction, opened on first use; a pending checkpoint write goes first. */
  private begin(): Promise<SqlTransaction> {
    if (!this.transaction) {
      const decided = new Promise<boolean>((resolve) => (this.decide = resolve));
      const opened = new Promise<SqlTransaction>((resolve, reject) => {
        this.finished = this.client.transaction(async (tx) => {
          resolve(tx);
          if (!(await decided)) throw new UnitRolledBack();
        });
        // BEGIN failed: whoever waits for the transaction gets the error.
        this.finished.catch(reject);
      });
      // The outcome is awaited by commit() or rollback(); a rejection before then is not lost.
      this.finished.catch(() => undefined);
      this.transaction = opened.then(async (tx) => {
        const pending = this.pending;
        this.pending = null;
        if (pending) await this.checkpoints.using(tx).set(pending.name, pending.position, { expected: pending.expected });
        return tx;
      });
    }
    return this.transaction;
  }

  private async fused(pending: PendingCheckpoint, write: Parameters<typeof fusedUnitStatement>[2]): Promise<void> {
    const { schema } = this.checkpoints;
    const params = [write.payload, pending.name, pending.position, ...(pending.expected === null ? [] : [pending.expected])];
    const text = fusedUnitStatement(schema, pending.expected !== null, write);
    // Named by its text, so each connection parses and plans a projector's statement once.
    const name = schema.statementName(`fxu${createHash('sha1').update(text).digest('hex').slice(0, 9)}`);
    const { rows } = await guardSchema(
      schema,
      () => this.client.query<{ moved: number }>(text, params, { name }),
      `writing the read model and checkpoint '${pending.name}'`,
      true,
    );
    if (rows[0]!.moved === 0) throw new CheckpointConflictError(pending.name, pending.expected, await this.checkpoints.get(pending.name));
  }

  private checkpointAlone(pending: PendingCheckpoint): Promise<void> {
    return this.checkpoints.set(pending.name, pending.position, { expected: pending.expected });
  }
}

/** How the unit tells its transaction to roll back; never seen outside (rollback() swallows it). */
class UnitRolledBack extends Error {}
