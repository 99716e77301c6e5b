import type { SqlExecutor } from '../client/sql-client';
import type { Logger } from '../logger';
import { notifyStatement } from '../sql/event-statements';

/** How long an answer "nobody else listens" is trusted before it is asked again. */
export const LISTENER_CHECK_INTERVAL_MS = 1000;

/**
 * Announces committed appends to other processes with NOTIFY, outside the append's transaction:
 * a NOTIFY inside a transaction takes a database-wide lock at commit that would serialise every
 * committing writer. Bursts are coalesced: while one NOTIFY is on its way, any number of further
 * appends cause exactly one more. Listeners only need to know "read again", never how often.
 *
 * With `otherListeners` (Postgres; see sql/listener-statements.ts), the notifier asks after a
 * NOTIFY whether a session other than the store's own listens at all; while the answer is "no"
 * (asked again every `LISTENER_CHECK_INTERVAL_MS`), appends send nothing. A NOTIFY is always sent
 * when the answer is older than that, so a listener that appears waits at most that long, or its
 * own poll, whichever comes first, for its first wake-up; and it reads once after it started
 * listening, so it never misses what came before.
 *
 * Each NOTIFY carries the store's `origin`: the store's own listener ignores those, since the
 * store already woke its own subscriptions when the append returned (they would read twice).
 */
export class AppendNotifier {
  private inFlight: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Until then, nobody but this store listens: appends are not announced. */
  private quietUntil = 0;
  private checkedAt = -Infinity;
  /** NOTIFY statements sent; for tests and metrics. */
  sent = 0;

  constructor(
    private readonly executor: SqlExecutor,
    private readonly channel: string,
    private readonly logger: Logger,
    /** Sent as the payload, so that the store's own listener can tell its own announcements apart. */
    private readonly origin: string,
    private readonly otherListeners?: () => Promise<boolean>,
  ) {}

  announce(): void {
    if (this.stopped || Date.now() < this.quietUntil) return;
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
          await this.executor.query(notifyStatement(), [this.channel, this.origin]);
        } catch (error) {
          // A lost notification only delays other processes until their next poll.
          this.logger.debug({ err: error }, 'could not NOTIFY an append; listeners will catch up by polling');
        }
        await this.checkListeners();
      } while (this.again && !this.stopped && Date.now() >= this.quietUntil);
    } finally {
      this.inFlight = undefined;
    }
  }

  /** Asks whether anyone else listens, at most once per interval; unsure counts as "yes". */
  private async checkListeners(): Promise<void> {
    if (!this.otherListeners || Date.now() - this.checkedAt < LISTENER_CHECK_INTERVAL_MS) return;
    const asked = Date.now();
    this.checkedAt = asked;
    const listening = await this.otherListeners().catch((error: unknown) => {
      this.logger.debug({ err: error }, 'could not tell whether other processes listen; notifying them anyway');
      return true;
    });
    if (!listening) this.quietUntil = asked + LISTENER_CHECK_INTERVAL_MS;
  }

  /** Stops announcing and waits for the NOTIFY in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.inFlight;
  }
}
