import type { EventStore, RecordedEvent } from '@factum/event-store';
import { Subject, type Observable, type Subscription } from 'rxjs';
import type { Logger } from '../logging/logger';
import type { AppComponent } from './lifecycle';

/**
 * `app.events$`: every event committed to the store (by this app or any other writer) after
 * `start()` resolved, in global-log order, until `stop()`. The store position is taken when
 * starting, so an append right after `await app.start()` is never missed.
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
    const head = await this.store.headPosition();
    this.subscription = this.store.subscribe({ from: head ?? 'origin' }).subscribe({
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
