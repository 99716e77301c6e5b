import type { QueryOptions, SqlExecutor, SqlTransaction, TransactionOptions } from './sql-client';
import { transactionStatement } from './sql-client';

/**
 * BEGIN / COMMIT / ROLLBACK around `work` on one connection, with after-commit callbacks. Shared
 * by pooled transactions and session transactions on a server. Returns whether the connection
 * is still fit for reuse (a failed ROLLBACK means it is not).
 */
export async function runTransaction<T>(
  connection: SqlExecutor,
  work: (tx: SqlTransaction) => Promise<T>,
  options: TransactionOptions | undefined,
): Promise<{ result: T } | { error: unknown; reusable: boolean }> {
  const setup = transactionStatement(options);
  const scope = new TransactionScope(connection);
  try {
    await connection.query('begin');
    if (setup) await connection.query(setup);
    const result = await work(scope);
    await scope.prepareCommit();
    scope.finish();
    await connection.query('commit');
    scope.committed();
    return { result };
  } catch (error) {
    scope.finish();
    try {
      await connection.query('rollback');
      return { error, reusable: true };
    } catch {
      return { error, reusable: false };
    }
  }
}

/** The `tx` handed to a transaction's work: refuses use after the transaction ended. */
export class TransactionScope implements SqlTransaction {
  private open = true;
  private readonly callbacks: Array<() => void> = [];
  private readonly beforeCommitWork: Array<() => Promise<void>> = [];

  constructor(private readonly connection: SqlExecutor) {}

  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[], options?: QueryOptions) {
    if (!this.open) {
      return Promise.reject(new Error('This transaction has ended: run statements only inside its transaction callback, through the tx it was given.'));
    }
    return this.connection.query<Row>(text, params, options);
  }

  afterCommit(callback: () => void): void {
    this.callbacks.push(callback);
  }

  beforeCommit(work: () => Promise<void>): void {
    if (!this.open) throw new Error('This transaction has ended: register before-commit work only inside its transaction callback.');
    this.beforeCommitWork.push(work);
  }

  /** Runs the before-commit work, including any registered while it runs; call before COMMIT. */
  async prepareCommit(): Promise<void> {
    for (let next = this.beforeCommitWork.shift(); next; next = this.beforeCommitWork.shift()) await next();
  }

  finish(): void {
    this.open = false;
  }

  /** Runs the after-commit callbacks; one that throws must not hide the commit from the caller. */
  committed(): void {
    for (const callback of this.callbacks.splice(0)) {
      try {
        callback();
      } catch {
        // Callbacks are wake-ups; a failing one only delays a reader until its next poll.
      }
    }
  }
}
