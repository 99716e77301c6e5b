import pg from 'pg';

/**
 * A session of another database on the same server that sits `idle in transaction` holding a
 * transaction id, as a forgotten psql session or a stuck worker would. A reader that waits for
 * the server's oldest running transaction stalls behind it; one that waits only for its own
 * store's appenders does not. `latency-neighbour` runs the latency workload while one is open.
 *
 * The figure means nothing without the neighbour, so opening it checks from a second connection
 * that the server really shows it idle in transaction with an id, and `close()` checks that it
 * was still there at the end (a server setting such as `idle_in_transaction_session_timeout`,
 * or someone's `pg_terminate_backend`, could end it mid-run) before rolling it back.
 */
export class NeighbourTransaction {
  /** Set when the session failed or was ended by the server while it was held. */
  private lost: Error | undefined;

  private constructor(
    private readonly session: pg.Client,
    private readonly databaseUrl: string,
    readonly pid: number,
    readonly xid: string,
  ) {
    // An unhandled 'error' on a pg client would crash the orchestrator; remember it instead.
    session.on('error', (error) => {
      this.lost ??= error;
    });
    session.on('end', () => {
      this.lost ??= new Error('the connection ended');
    });
  }

  /** Opens the session in `databaseUrl` and leaves it idle in transaction with an id. */
  static async open(databaseUrl: string): Promise<NeighbourTransaction> {
    const session = new pg.Client({ connectionString: databaseUrl, application_name: 'factum-bench-neighbour' });
    try {
      await session.connect();
      // A temp table keeps the write out of every other session's way; the insert is what
      // gives the transaction its id (the create alone would too, the insert makes it plain).
      await session.query('begin');
      await session.query('create temp table neighbour (n int) on commit drop');
      await session.query('insert into neighbour values (1)');
      const { rows } = await session.query<{ pid: number; xid: string }>('select pg_backend_pid() as pid, pg_current_xact_id()::text as xid');
      const neighbour = new NeighbourTransaction(session, databaseUrl, rows[0]!.pid, rows[0]!.xid);
      await neighbour.assertHeld();
      return neighbour;
    } catch (error) {
      await session.end().catch(() => undefined);
      throw new Error(`could not open the neighbour transaction: ${(error as Error).message}`);
    }
  }

  /** Throws unless the server shows the session idle in transaction with its transaction id. */
  private async assertHeld(): Promise<void> {
    if (this.lost) throw new Error(`the neighbour transaction was lost: ${this.lost.message}`);
    const observer = new pg.Client({ connectionString: this.databaseUrl, application_name: 'factum-bench-neighbour-check' });
    await observer.connect();
    try {
      const { rows } = await observer.query<{ state: string | null; xid: string | null }>(
        'select state, backend_xid::text as xid from pg_stat_activity where pid = $1',
        [this.pid],
      );
      const row = rows[0];
      if (!row || row.state !== 'idle in transaction' || row.xid === null) {
        throw new Error(
          `the neighbour session (pid ${this.pid}) is ${row ? `'${row.state}' with transaction id ${row.xid ?? 'none'}` : 'gone'}, not idle in transaction with an id`,
        );
      }
    } finally {
      await observer.end().catch(() => undefined);
    }
  }

  /**
   * Ends the transaction and the session, always. Throws afterwards if the transaction was not
   * held until now, so that a run measured partly without it is not reported.
   */
  async close(): Promise<void> {
    let failure: unknown;
    try {
      await this.assertHeld();
    } catch (error) {
      failure = error;
    }
    await this.session.query('rollback').catch(() => undefined);
    await this.session.end().catch(() => undefined);
    if (failure) throw failure;
  }
}
