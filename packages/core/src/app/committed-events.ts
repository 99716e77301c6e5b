import { startMarkerOf, type EventStore, type RecordedEvent } from '@factum/event-store';
import { Subject, type Observable, type Subscription } from 'rxjs';
import type { Logger } from '../logging/logger';
import type { AppComponent } from './lifecycle';

/**
 * `app.events$`: every event committed to the store (by this app or any other writer) after
 * `start()` resolved, in global-log order, until `stop()`. The start marker is taken when
 * starting, so an append right after `await app.start()` is never missed, and an event that
 * had committed before is never emitted.
 */
export class CommittedEvents implements AppComponent {
  readonly name = 'events$';
  private readonly subject = new Subject<RecordedEvent>();
  private subscription: Subscription | undefined;
  readonly events$: Observable<RecordedEvent> = this.subject.asObservable();

  constructor(
    private readonly store: EventStore,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const marker = await startMarkerOf(this.store);
    this.subscription = this.store.subscribe({ from: marker.position ?? 'origin', startedAt: marker }).subscribe({
      next: (event) => this.subject.next(event),
      error: (error: unknown) => {
        this.logger.error({ err: error }, 'the live event feed (events$) failed');
        this.subject.error(error);
      },
    });
  }

  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }
}
