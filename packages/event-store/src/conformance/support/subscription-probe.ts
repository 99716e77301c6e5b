import { AssertionError } from 'node:assert';
import type { Observable, Subscription } from 'rxjs';
import type { RecordedEvent } from '../../contract/events';
import { describeError } from './expect-error';

/**
 * Records what a subscription delivers, and waits (bounded) for what a case expects, failing
 * with what did arrive. Always `stop()` it in a `finally`.
 */
export class SubscriptionProbe {
  readonly events: RecordedEvent[] = [];
  error: unknown = undefined;
  completed = false;
  private readonly subscription: Subscription;
  private readonly listeners = new Set<() => void>();

  constructor(
    source: Observable<RecordedEvent>,
    private readonly timeoutMs: number,
    private readonly label = 'the subscription',
  ) {
    this.subscription = source.subscribe({
      next: (event) => {
        this.events.push(event);
        this.notify();
      },
      error: (error: unknown) => {
        this.error = error;
        this.notify();
      },
      complete: () => {
        this.completed = true;
        this.notify();
      },
    });
  }

  /** Resolves once `count` events have arrived. */
  waitForCount(count: number): Promise<void> {
    return this.waitUntil(() => this.events.length >= count, `${count} events`);
  }

  /** Resolves once an event with this id has arrived. */
  waitForEvent(eventId: string): Promise<void> {
    return this.waitUntil(() => this.events.some((event) => event.eventId === eventId), `event ${eventId}`);
  }

  /** Resolves once the subscription has completed or errored. */
  waitForEnd(): Promise<void> {
    return this.waitUntil(() => this.completed || this.error !== undefined, 'the end of the subscription', true);
  }

  waitUntil(condition: () => boolean, what: string, endIsExpected = false, timeoutMs = this.timeoutMs): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = (): boolean => {
        if (condition()) return finish();
        if (!endIsExpected && (this.error !== undefined || this.completed)) {
          return finish(
            new AssertionError({
              message: `${this.label} ${this.error === undefined ? 'completed' : `failed with ${describeError(this.error)}`} while waiting for ${what}; ${this.summary()}`,
            }),
          );
        }
        return false;
      };
      const timer = setTimeout(() => {
        finish(new AssertionError({ message: `${this.label} did not deliver ${what} within ${timeoutMs} ms; ${this.summary()}` }));
      }, timeoutMs);
      const finish = (failure?: Error): true => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        if (failure) reject(failure);
        else resolve();
        return true;
      };
      const listener = (): void => void check();
      this.listeners.add(listener);
      check();
    });
  }

  /** Waits `ms` and asserts nothing more arrived (used sparingly: it only proves "not yet"). */
  async expectQuietFor(ms: number): Promise<void> {
    const before = this.events.length;
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (this.events.length !== before) {
      throw new AssertionError({ message: `${this.label} delivered ${this.events.length - before} unexpected events; ${this.summary()}` });
    }
  }

  stop(): void {
    this.subscription.unsubscribe();
    this.listeners.clear();
  }

  summary(): string {
    const shown = this.events.slice(-8).map((event) => `${event.streamId}@${event.version}(${event.type})`);
    return `received ${this.events.length} events${this.events.length > 8 ? ', the last 8' : ''}: [${shown.join(', ')}]`;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
