import { createApp, type AppOptions, type Event, type SubscriberClass } from '@factum/core';
import { InMemoryEventStore, type NewEvent, type SubscriberStore } from '@factum/event-store';
import { waitForIdle } from '../app/wait-for-idle';
import { toNewEvents } from '../expectations/to-new-events';

/** A given event, optionally with the stream it belongs to (default `fixture-1`) and its ids. */
export type GivenEvent = Event & Omit<NewEvent, 'type' | 'data' | 'schemaVersion'> & { streamId?: string };

export interface FeedOptions {
  container?: AppOptions['container'];
  /** Where the runtime keeps checkpoints and opens its units of work. Default: in memory. */
  subscriberStore?: SubscriberStore;
  /** Events per unit of work. Default: the projector's, else the app's. */
  batchSize?: number;
}

const DEFAULT_STREAM = 'fixture-1';

/**
 * Runs the projector over the events, in order, through the real subscription runtime on an
 * in-memory event store (so decoding, upcasting and `@On` routing are the production ones), and
 * resolves with its instance once it has handled all of them and the app has stopped. Rejects
 * with the first handler error, at its first attempt rather than after the retries.
 */
export async function feedProjector<P extends object>(projector: SubscriberClass<P>, events: readonly GivenEvent[], options: FeedOptions = {}): Promise<P> {
  const store = new InMemoryEventStore();
  const app = await createApp({
    store,
    projectors: [projector],
    ...(options.container ? { container: options.container } : {}),
    subscriptions: {
      ...(options.subscriberStore ? { store: options.subscriberStore } : {}),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    },
  });
  const failure = new Promise<never>((_, reject) => {
    const subscription = app.subscribers.errors$.subscribe((failed) => {
      subscription.unsubscribe();
      reject(failed.error);
    });
  });
  failure.catch(() => undefined);
  const abort = new AbortController();
  await app.start();
  try {
    for (const event of events) {
      const { streamId = DEFAULT_STREAM, type, data, ...rest } = event;
      await store.append(streamId, toNewEvents(app.messages, [{ type, data }], rest));
    }
    await Promise.race([waitForIdle(app, { signal: abort.signal }), failure]);
    return app.container.get<P>(projector as unknown as new () => P);
  } finally {
    abort.abort();
    await app.stop();
  }
}
