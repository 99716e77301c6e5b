import { PostgresEventStore } from '../src/events/postgres-event-store';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { formatSubscribers } from '../src/cli/format/format-status';
import { STALE_REPORT_MS, subscriberOverview } from '../src/cli/subscriber-overview';
import { openTestDatabase, where, type TestDatabase } from './support/subscriptions-database';

describe(`factum status's subscribers ${where}`, () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await openTestDatabase('status_owners');
    store = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('count lag over the types each reads, in events and seconds, and mark an owner that stopped reporting', async () => {
    const subscribers = new PostgresSubscriberStore(db.client, { schema: db.schema });
    const { events } = await store.append('order-1', [
      { type: 'Placed', data: {} },
      { type: 'Noise', data: {} },
      { type: 'Noise', data: {} },
      { type: 'Shipped', data: {} },
    ]);
    await subscribers.checkpoints.set('shipping', events[0]!.position);
    await subscribers.checkpoints.set('unreported', events[0]!.position);
    await subscribers.operations.publish({
      subscriber: 'shipping',
      kind: 'projector',
      eventTypes: ['Shipped'],
      owner: 'host:1',
      state: 'stopped',
      position: events[0]!.position,
      eventsPerSecond: 3.5,
      lastError: { code: 'BOOM', message: 'cannot ship' },
    });

    const later = new Date(events[3]!.occurredAt.getTime() + 2_000);
    const [shipping, unreported] = await subscriberOverview(store, subscribers, later);
    expect(shipping).toMatchObject({ name: 'shipping', state: 'stopped', lag: 1, lagFiltered: true, owner: 'host:1', stale: false, eventsPerSecond: 3.5 });
    expect(shipping!.lagSeconds).toBeCloseTo(2, 0);
    // Without a report the filter is unknown: every event after the checkpoint counts.
    expect(unreported).toMatchObject({ name: 'unreported', state: 'unknown', lag: 3, lagFiltered: false, owner: null });
    const text = formatSubscribers([shipping!, unreported!], later);
    expect(text).toMatch(/STOPPED\s+shipping \(on host:1\): BOOM: cannot ship/);
    expect(text).toMatch(/unreported\s+\?\s+unknown\s+3\*/);

    const gone = new Date(Date.now() + STALE_REPORT_MS + 1_000);
    const [stale] = await subscriberOverview(store, subscribers, gone);
    expect(stale).toMatchObject({ state: 'unknown', stale: true, owner: 'host:1' });
    expect(formatSubscribers([stale!], gone)).toMatch(/host:1\s+\d+s ago \(gone\?\)/);
  });
});
