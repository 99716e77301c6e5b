/** Something that runs while the app is started: the live event feed, subscribers. */
export interface AppComponent {
  /** For messages. */
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts components in the order added and stops them in reverse. If one fails to start, the
 * ones already started are stopped again, so a failed start leaves nothing running.
 */
export class Lifecycle {
  private readonly components: AppComponent[] = [];
  private started: AppComponent[] = [];
  private transition: Promise<void> = Promise.resolve();

  add(component: AppComponent): void {
    this.components.push(component);
  }

  get running(): boolean {
    return this.started.length > 0;
  }

  start(): Promise<void> {
    return this.enqueue(async () => {
      if (this.started.length > 0) return;
      for (const component of this.components) {
        try {
          await component.start();
          this.started.push(component);
        } catch (error) {
          await this.stopStarted();
          throw error;
        }
      }
    });
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.stopStarted());
  }

  private async stopStarted(): Promise<void> {
    const started = this.started.reverse();
    this.started = [];
    const failures: unknown[] = [];
    for (const component of started) {
      try {
        await component.stop();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, 'Several app components failed to stop.');
  }

  // Start and stop never overlap: a stop called during a start waits for it, then undoes it.
  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.transition.then(step);
    this.transition = next.catch(() => undefined);
    return next;
  }
}
