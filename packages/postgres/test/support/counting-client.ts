import type { SqlClient, SqlExecutor, SqlResult, SqlSession, SqlTransaction, TransactionOptions } from '@factum/postgres';

/** A SqlClient that records every statement sent through it, to prove how many round trips an operation takes. */
export class CountingClient implements SqlClient {
  readonly statements: string[] = [];
  /** The parameters of each statement in `statements`, at the same index. */
  readonly params: Array<readonly unknown[] | undefined> = [];
  /** How many transactions were opened through it (each a BEGIN and a COMMIT or ROLLBACK not in `statements`). */
  transactions = 0;

  constructor(private readonly inner: SqlClient) {}

  get dialect(): SqlClient['dialect'] {
    return this.inner.dialect;
  }

  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>> {
    this.statements.push(text);
    this.params.push(params);
    return this.inner.query<Row>(text, params);
  }

  transaction<T>(work: (tx: SqlTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    this.transactions++;
    return this.inner.transaction((tx) => work(this.counting(tx)), options);
  }

  session(): Promise<SqlSession> {
    return this.inner.session();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private counting(tx: SqlTransaction): SqlTransaction {
    const record = (text: string, params: readonly unknown[] | undefined): void => {
      this.statements.push(text);
      this.params.push(params);
    };
    return {
      query<Row extends object>(text: string, params?: readonly unknown[]) {
        record(text, params);
        return (tx as SqlExecutor).query<Row>(text, params);
      },
      afterCommit: (callback) => tx.afterCommit(callback),
      beforeCommit: (work) => tx.beforeCommit!(work),
    };
  }
}
