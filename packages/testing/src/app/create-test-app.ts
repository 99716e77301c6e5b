import { createApp, type AnyEventDefinition, type App, type AppOptions, type DecodedEvent } from '@factum/core';
import { InMemoryEventStore, type EventStore, type GlobalPosition, type RecordedEvent } from '@factum/event-store';
import { waitForEvent } from './wait-for-event';
import { waitForIdle, type IdleOptions, type WaitOptions } from './wait-for-idle';

export interface TestAppOptions extends Omit<AppOptions, 'store'> {
  /** Default: a new `InMemoryEventStore`. */
  store?: EventStore;
}

/** An app for integration tests: started, and able to wait for what happens instead of sleeping. */
export interface TestApp extends App {
  /**
   * The first event of this type that matches `predicate`, whether it is already stored or still
   * to come. With an event definition the predicate gets the decoded, typed event.
   */
  waitForEvent<D extends AnyEventDefinition>(definition: D, predicate?: (event: DecodedEvent<D>) => boolean, options?: WaitOptions): Promise<DecodedEvent<D>>;
  waitForEvent(type: string, predicate?: (event: RecordedEvent) => boolean, options?: WaitOptions): Promise<RecordedEvent>;
  /**
   * Resolves once every projector, event handler and process manager has handled every event it
   * reads, up to the last position this app's `dispatch` committed at least (`after` overrides it).
   */
  waitForIdle(options?: IdleOptions): Promise<void>;
}

/** `createApp` on an in-memory store (unless given one), already started. Call `stop()` when done. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const app = await createApp({ ...options, store: options.store ?? new InMemoryEventStore() });
  // What the test dispatched is what it will look for: idle means at least that far.
  let dispatched: GlobalPosition | null = null;
  const dispatch = app.dispatch;
  const helpers = {
    dispatch: async (...args: Parameters<App['dispatch']>) => {
      const result = await dispatch(...args);
      const last = dispatched;
      if (result.position !== null && (last === null || app.store.comparePositions(result.position, last) > 0)) dispatched = result.position;
      return result;
    },
    waitForEvent: (type: string | AnyEventDefinition, predicate?: (event: never) => boolean, waitOptions?: WaitOptions) =>
      waitForEvent(app, type, predicate as ((event: RecordedEvent) => boolean) | undefined, waitOptions),
    waitForIdle: (waitOptions: IdleOptions = {}) => waitForIdle(app, { after: dispatched, ...waitOptions }),
  };
  const testApp = Object.assign(app, helpers) as TestApp;
  await testApp.start();
  return testApp;
}
