import { createApp, EventHandler, On, type App } from '@factum/core';
import { isStartMarker } from '@factum/event-store';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { PostgresSubscriberLocks } from '../src/subscriptions/postgres-subscriber-locks';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { onServer, openTestDatabase, type TestDatabase } from './support/subscriptions-database';
import { Deposited } from './support/subscriptions-domain';

const APPS = 12;
const PARTITIONS = 4;

/**
 * A subscriber store on a slow link, as a process on a loaded machine (or far from the database)
 * has: each write of process state arrives up to 1.5 s late, so one process's look for a marker
 * and its write of one are far apart while the others start.
 */
function slowWrites(store: PostgresSubscriberStore): PostgresSubscriberStore {
  const states = store.processStates;
  const slow = {
    load: states.load.bind(states),
    delete: states.delete.bind(states),
    list: states.list.bind(states),
    save: async (instance: Parameters<typeof states.save>[0]) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 1_500));
      await states.save(instance);
    },
  };
  Object.defineProperty(store, 'processStates', { value: slow });
  return store;
}

// Many processes starting a new hot-only partitioned subscriber at the same moment, while events
// are appended: each app has its own pool, as a process would. Needs a server (DATABASE_URL; always set in CI).
(onServer ? describe : describe.skip)('a new hot-only partitioned subscriber started by many processes at once (on Postgres)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const apps: App[] = [];
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    db = await openTestDatabase('start_race');
    store = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop().catch(() => undefined)));
    for (const close of closers) await close().catch(() => undefined);
    await store.close();
    await db.drop();
  });

  it('records one start marker, and its partitions together handle exactly the events after it', async () => {
    const handled = new Set<string>();
    @EventHandler({ name: 'notifier', partitions: PARTITIONS })
    class Notifier {
      @On(Deposited)
      deposited(event: { eventId: string }): void {
        handled.add(event.eventId);
      }
    }
    // Events keep coming while the apps start, so markers taken a moment apart differ.
    let appending = true;
    let appended = 0;
    const appender = (async () => {
      while (appending) {
        await store.append(`acc-${appended % 16}`, [{ type: 'Deposited', data: { account: `a${appended % 16}`, amount: 1 } }]);
        appended++;
      }
    })();
    await store.append('acc-first', [{ type: 'Deposited', data: { account: 'first', amount: 1 } }]);
    for (let i = 0; i < APPS; i++) {
      const client = db.newClient();
      const appStore = new PostgresEventStore(client, { schema: db.schema, pollIntervalMs: 50 });
      const app = await createApp({
        store: appStore,
        eventHandlers: [Notifier],
        subscriptions: {
          store: slowWrites(new PostgresSubscriberStore(client, { schema: db.schema })),
          locks: new PostgresSubscriberLocks(client, { schema: db.schema, heartbeatMs: 250 }),
          takeoverIntervalMs: 100,
        },
      });
      apps.push(app);
      closers.push(() => appStore.close());
    }
    await Promise.all(apps.map((app) => app.start()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    appending = false;
    await appender;

    const record = await new PostgresSubscriberStore(db.client, { schema: db.schema }).processStates.load('$subscribers', 'notifier');
    const marker = (record?.state as { marker?: unknown } | null)?.marker;
    expect(isStartMarker(marker)).toBe(true);
    if (!isStartMarker(marker)) return;
    // What the partitions must handle between them: every event after the one marker, none before it.
    const expected = new Set<string>();
    for await (const event of store.readAll({ after: marker.position ?? undefined, startedAt: marker })) expected.add(event.eventId);
    expect(expected.size).toBeGreaterThan(0);
    const head = await store.headPosition();
    await apps[0]!.subscribers.waitFor(head, { subscribers: ['notifier'], timeoutMs: 60_000 });
    const early = [...handled].filter((id) => !expected.has(id));
    expect({ handledBeforeTheMarker: early.length, missed: [...expected].filter((id) => !handled.has(id)).length }).toEqual({
      handledBeforeTheMarker: 0,
      missed: 0,
    });
  }, 120_000);
});
