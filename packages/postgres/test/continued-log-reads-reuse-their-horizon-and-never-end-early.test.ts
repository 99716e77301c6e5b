import type { GlobalPosition, RecordedEvent } from '@factum/event-store';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { CountingClient } from './support/counting-client';
import { openTestDatabase, where, type TestDatabase } from './support/subscriptions-database';

const HORIZON = /^with now as materialized/;

describe(`continued reads of the log ${where}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('continued');
  });
  afterAll(async () => {
    await db.drop();
  });

  const collect = async (events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> => {
    const all: RecordedEvent[] = [];
    for await (const event of events) all.push(event);
    return all;
  };
  const append = async (store: PostgresEventStore, stream: string, count: number): Promise<void> => {
    for (let i = 0; i < count; i++) await store.append(stream, [{ type: 'Counted', data: { i } }]);
  };

  it('take one horizon for a run of full batches, as a catching-up subscriber reads them', async () => {
    const counting = new CountingClient(db.client);
    const store = new PostgresEventStore(counting, { schema: db.schema, listen: false, notify: false });
    await append(store, 'batches-1', 40);
    counting.statements.length = 0;
    let after: GlobalPosition | undefined;
    const read: RecordedEvent[] = [];
    for (let batch = 0; batch < 4; batch++) {
      const events = await collect(store.readAll({ after, limit: 10, filter: { categories: ['batches'] } }));
      expect(events).toHaveLength(10);
      read.push(...events);
      after = events[events.length - 1]!.position;
    }
    expect(read.map((event) => (event.data as { i: number }).i)).toEqual([...Array(40).keys()]);
    expect(counting.statements.filter((text) => HORIZON.test(text))).toHaveLength(1);
    await store.close();
  });

  it('read on past the earlier horizon when a page comes back short, so nothing committed since is left out', async () => {
    const counting = new CountingClient(db.client);
    const store = new PostgresEventStore(counting, { schema: db.schema, listen: false, notify: false });
    await append(store, 'late-1', 10);
    const first = await collect(store.readAll({ limit: 5, filter: { categories: ['late'] } }));
    expect(first).toHaveLength(5);
    // Committed after the first read's horizon was taken: above it.
    await append(store, 'late-1', 10);
    counting.statements.length = 0;
    const rest = await collect(store.readAll({ after: first[4]!.position, limit: 100, filter: { categories: ['late'] } }));
    expect(rest.map((event) => (event.data as { i: number }).i)).toEqual([5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The continued read started below the old horizon, came back short, took a new one and read on.
    expect(counting.statements.map((text) => (HORIZON.test(text) ? 'horizon' : 'read'))).toEqual(['read', 'horizon', 'read']);
    await store.close();
  });

  it('take a horizon for every read that does not continue a full one', async () => {
    const counting = new CountingClient(db.client);
    const store = new PostgresEventStore(counting, { schema: db.schema, listen: false, notify: false });
    await append(store, 'fresh-1', 3);
    counting.statements.length = 0;
    const all = await collect(store.readAll({ filter: { categories: ['fresh'] } }));
    await collect(store.readAll({ after: all[0]!.position, filter: { categories: ['fresh'] } }));
    await collect(store.readAll({ after: all[2]!.position, direction: 'backward', limit: 1, filter: { categories: ['fresh'] } }));
    expect(counting.statements.filter((text) => HORIZON.test(text))).toHaveLength(3);
    await store.close();
  });
});
