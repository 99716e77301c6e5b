import { Observable, share } from 'rxjs';
import type { SqlClient, SqlSession } from '../client/sql-client';
import type { Logger } from '../logger';

/**
 * Wake-ups for appends made by other processes: LISTEN on a dedicated session, shared by every
 * subscription of a store and opened only while someone subscribes. When the session is lost
 * (server restart, terminated backend) it reconnects with backoff; after every (re)connect it
 * emits once, so subscribers reread whatever was appended while no one was listening.
 *
 * With `announceStatement` (Postgres), each session first announces itself as a listener (a
 * shared advisory lock it holds until it ends, sql/listener-statements.ts), then LISTENs, then
 * emits: appenders that saw no listener announced skip their NOTIFY, and this first emit covers
 * whatever they appended before the session was seen.
 */
export class AppendListener {
  readonly wakeups$: Observable<void>;
  private readonly releases = new Set<Promise<void>>();
  /** Sessions opened so far (1 + reconnects); for tests and metrics. */
  connections = 0;
  /** The backend of the LISTEN session now open, 0 while there is none. */
  backendPid = 0;

  constructor(
    private readonly client: SqlClient,
    private readonly channel: string,
    private readonly logger: Logger,
    private readonly closed: AbortSignal,
    private readonly announceStatement?: string,
    /** Notifications with this payload come from this store's own appends, already signalled in-process: not emitted. */
    private readonly ownOrigin?: string,
  ) {
    this.wakeups$ = new Observable<void>((subscriber) => {
      let stopped = false;
      let session: SqlSession | undefined;
      let retry: NodeJS.Timeout | undefined;
      let failures = 0;

      const release = (target: SqlSession | undefined): void => {
        if (!target) return;
        if (this.backendPid === target.backendPid) this.backendPid = 0;
        const done = target.release().catch(() => undefined);
        this.releases.add(done);
        void done.finally(() => this.releases.delete(done));
      };

      const scheduleReconnect = (): void => {
        if (stopped || this.closed.aborted || retry) return;
        const delay = Math.min(5000, 100 * 2 ** failures++);
        retry = setTimeout(() => {
          retry = undefined;
          void connect();
        }, delay);
        retry.unref?.();
      };

      const connect = async (): Promise<void> => {
        let opened: SqlSession | undefined;
        try {
          opened = await this.client.session();
          if (this.announceStatement) await opened.query(this.announceStatement);
          if (stopped || this.closed.aborted) return release(opened);
          this.connections++;
          this.backendPid = opened.backendPid;
          session = opened;
          const current = opened;
          current.lost.addEventListener(
            'abort',
            () => {
              if (session !== current) return;
              session = undefined;
              this.logger.warn({ err: current.lost.reason as unknown, channel: this.channel }, 'lost the LISTEN connection; reconnecting');
              release(current);
              scheduleReconnect();
            },
            { once: true },
          );
          await current.listen(this.channel, (payload) => {
            if (payload !== this.ownOrigin) subscriber.next();
          });
          failures = 0;
          subscriber.next();
        } catch (error) {
          if (opened && session === opened) session = undefined;
          release(opened);
          if (!stopped && !this.closed.aborted) {
            this.logger.warn({ err: error, channel: this.channel }, 'could not LISTEN for appends; retrying');
            scheduleReconnect();
          }
        }
      };

      void connect();
      return () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        release(session);
        session = undefined;
      };
    }).pipe(share());
  }

  /** Waits until every session this listener opened has been released. */
  async drain(): Promise<void> {
    while (this.releases.size > 0) await Promise.all([...this.releases]);
  }
}
