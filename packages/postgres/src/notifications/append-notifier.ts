import type { SqlExecutor } from '../client/sql-client';
import type { Logger } from '../logger';
import { notifyStatement } from '../sql/event-statements';

/**
 * Announces committed appends to other processes with NOTIFY, outside the append's transaction:
 * a NOTIFY inside a transaction takes a database-wide lock at commit that would serialise every
 * committing writer. Bursts are coalesced: while one NOTIFY is on its way, any number of further
 * appends cause exactly one more. Listeners only need to know "read again", never how often.
 */
export class AppendNotifier {
  private inFlight: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** NOTIFY statements sent; for tests and metrics. */
  sent = 0;

  constructor(
    private readonly executor: SqlExecutor,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {}

  announce(): void {
    if (this.stopped) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = this.send();
  }

  private async send(): Promise<void> {
    try {
      do {
        this.again = false;
        this.sent++;
        try {
          await this.executor.query(notifyStatement(), [this.channel, '']);
        } catch (error) {
          // A lost notification only delays other processes until their next poll.
          this.logger.debug({ err: error }, 'could not NOTIFY an append; listeners will catch up by polling');
        }
      } while (this.again && !this.stopped);
    } finally {
      this.inFlight = undefined;
    }
  }

  /** Stops announcing and waits for the NOTIFY in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.inFlight;
  }
}
