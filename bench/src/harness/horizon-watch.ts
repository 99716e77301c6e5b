import pg from 'pg';

/**
 * Emmett reads the global log only below the oldest running transaction id of the whole server
 * (and so did Factum before its readers waited only for the store's own appenders), so a write
 * transaction anywhere on the server, another database included, holds back its live delivery
 * while it runs. This watches for such transactions during a latency run, so that a high
 * percentile can be told apart from the system's own cost; in `latency-neighbour` it also
 * shows that the neighbour was seen for the whole run.
 */
export class HorizonWatch {
  private readonly client: pg.Client;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  /** Longest-running write transaction of another database seen, in ms. */
  longestForeignMs = 0;
  /** Samples in which some other database had a write transaction open. */
  samplesWithForeign = 0;
  samples = 0;

  constructor(databaseUrl: string) {
    this.client = new pg.Client({ connectionString: databaseUrl, application_name: 'factum-bench-horizon-watch' });
  }

  async start(everyMs = 20): Promise<void> {
    await this.client.connect();
    this.timer = setInterval(() => void this.sample(), everyMs);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ n: number; ms: number | null }>(
        `SELECT count(*)::int AS n, max(extract(epoch FROM clock_timestamp() - xact_start) * 1000)::float8 AS ms
           FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database()`,
      );
      this.samples++;
      if (rows[0]!.n > 0) this.samplesWithForeign++;
      this.longestForeignMs = Math.max(this.longestForeignMs, rows[0]!.ms ?? 0);
    } catch {
      // A failed sample only makes the watch less informative.
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<{ foreignXactMaxMs: number; foreignXactShare: number }> {
    if (this.timer) clearInterval(this.timer);
    await this.client.end().catch(() => undefined);
    return { foreignXactMaxMs: this.longestForeignMs, foreignXactShare: this.samples ? this.samplesWithForeign / this.samples : 0 };
  }
}
