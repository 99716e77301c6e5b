import type { RecordedEvent } from '@factum/event-store';
import { PostgresEventStore } from '@factum/postgres';
import { CountingClient } from './support/counting-client';
import { backendTitle, closeSharedPglite, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';
import { waitUntil } from './support/wait';

afterAll(closeSharedPglite);

/**
 * Two stores on one schema stand for two processes: the subscriber polls only once a minute, so
 * anything it receives within seconds came through LISTEN/NOTIFY.
 */
describe(`LISTEN/NOTIFY between processes ${backendTitle}`, () => {
  let backend: TestBackend;
  let schema: string;
  let writerClient: CountingClient;
  let writer: PostgresEventStore;
  let reader: PostgresEventStore;

  beforeEach(async () => {
    backend = openTestBackend();
    schema = uniqueSchema('wakeup');
    backend.dropLater(schema);
    writerClient = new CountingClient(backend.client({ max: 8 }));
    writer = new PostgresEventStore(writerClient, { schema, listen: false });
    reader = new PostgresEventStore(backend.client({ max: 2 }), { schema, pollIntervalMs: 60_000 });
    await writer.migrate();
  });

  afterEach(async () => {
    await reader.close();
    await writer.close();
    await backend.close();
  });

  async function subscribed(): Promise<{ events: RecordedEvent[]; stop(): void }> {
    const events: RecordedEvent[] = [];
    const subscription = reader.subscribe().subscribe((event) => events.push(event));
    await waitUntil(() => reader.listenConnections > 0, 'the reader to LISTEN');
    return { events, stop: () => subscription.unsubscribe() };
  }

  it('an append in one process wakes a subscriber in another at once', async () => {
    const { events, stop } = await subscribed();
    await writer.append('account-1', [{ type: 'Opened', data: null }]);
    await waitUntil(() => events.length === 1, 'the notified subscriber to read the event', 5_000);
    await writer.append('account-1', [{ type: 'Deposited', data: null }]);
    await waitUntil(() => events.length === 2, 'the second event', 5_000);
    stop();
  });

  it('the NOTIFY is a statement of its own after the append, and bursts are coalesced', async () => {
    const { events, stop } = await subscribed();
    writerClient.statements.length = 0;
    await writer.append('account-1', [{ type: 'Opened', data: null }]);
    await waitUntil(() => writer.notificationsSent === 1, 'one NOTIFY');
    // Leaving out the question whether anyone else listens (asked after the NOTIFY, see
    // notifications-go-out-only-while-another-session-listens.test.ts).
    const statements = writerClient.statements.filter((text) => !/factum\.listeners/.test(text));
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/insert into "\w+"."events"/);
    expect(statements[0]).not.toMatch(/pg_notify/i);
    expect(statements[1]).toMatch(/pg_notify/);

    await Promise.all(Array.from({ length: 200 }, (_, index) => writer.append(`account-${index}`, [{ type: 'Opened', data: null }])));
    await waitUntil(() => events.length === 201, 'all 201 events to arrive through notifications', 10_000);
    // One NOTIFY in flight at a time, plus one queued: far fewer than one per append.
    expect(writer.notificationsSent - 1).toBeGreaterThanOrEqual(1);
    expect(writer.notificationsSent - 1).toBeLessThan(200);
    stop();
  });

  it('an append inside a transaction notifies only after the commit, and not at all after a rollback', async () => {
    const { events, stop } = await subscribed();
    await expect(
      writerClient.transaction(async (tx) => {
        await writer.append('account-1', [{ type: 'Opened', data: null }], { transaction: tx });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(writer.notificationsSent).toBe(0);
    await writerClient.transaction(async (tx) => {
      await writer.append('account-2', [{ type: 'Opened', data: null }], { transaction: tx });
      expect(writer.notificationsSent).toBe(0);
    });
    await waitUntil(() => events.length === 1, 'the committed event', 5_000);
    expect(events[0]!.streamId).toBe('account-2');
    expect(writer.notificationsSent).toBe(1);
    stop();
  });
});
