import { PostgresEventStore } from '../src/events/postgres-event-store';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { subscriberOverview } from '../src/cli/subscriber-overview';
import { CountingClient } from './support/counting-client';
import { openTestDatabase, where, type TestDatabase } from './support/subscriptions-database';

const CAP = 40;

// `factum status` on a log far behind a subscriber must not count the whole backlog: the count
// stops at the cap inside the statement, and the subscriber shows as "at least the cap".
describe(`factum status's lag on a log larger than the cap ${where}`, () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let counting: CountingClient;
  beforeAll(async () => {
    db = await openTestDatabase('status_lag_cap');
    counting = new CountingClient(db.client);
    store = new PostgresEventStore(counting, { schema: db.schema, pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('counts at most the cap, in the query, and marks the lag as capped', async () => {
    const subscribers = new PostgresSubscriberStore(db.client, { schema: db.schema });
    const { events } = await store.append('log-1', [{ type: 'Read', data: {} }]);
    await subscribers.checkpoints.set('far_behind', events[0]!.position);
    await subscribers.checkpoints.set('near', events[0]!.position);
    await subscribers.operations.publish({
      subscriber: 'far_behind',
      kind: 'projector',
      eventTypes: ['Read'],
      owner: 'host:1',
      state: 'catching-up',
      position: events[0]!.position,
      eventsPerSecond: 0,
      lastError: null,
    });
    await store.append(
      'log-2',
      Array.from({ length: CAP * 3 }, (_, i) => ({ type: i % 2 === 0 ? 'Read' : 'Ignored', data: { i } })),
    );

    counting.statements.length = 0;
    const overview = await subscriberOverview(store, subscribers, new Date(), CAP);
    const byName = new Map(overview.map((subscriber) => [subscriber.name, subscriber]));
    // 60 events of its type and 120 in all after its checkpoint: both beyond the cap.
    expect(byName.get('far_behind')).toMatchObject({ lag: CAP, lagCapped: true, lagFiltered: true });
    expect(byName.get('near')).toMatchObject({ lag: CAP, lagCapped: true, lagFiltered: false });
    const counts = counting.statements.filter((text) => /count\(\*\)/i.test(text));
    expect(counts).toHaveLength(2);
    for (const text of counts) expect(text).toMatch(/\blimit \$\d+\)/i);

    // Below the cap the count is exact and not marked.
    const exact = await subscriberOverview(store, subscribers, new Date(), 1_000);
    expect(exact.find((subscriber) => subscriber.name === 'far_behind')).toMatchObject({ lag: CAP * 1.5, lagCapped: false });
    expect(exact.find((subscriber) => subscriber.name === 'near')).toMatchObject({ lag: CAP * 3, lagCapped: false });
  });

  it('refuses a limit that is not a whole number', async () => {
    await expect(store.countEvents({ limit: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(store.countEvents({ limit: 3 })).resolves.toBe(3);
  });
});
