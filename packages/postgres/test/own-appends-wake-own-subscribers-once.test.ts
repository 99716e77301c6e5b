import type { RecordedEvent } from '@factum/event-store';
import { PostgresEventStore } from '@factum/postgres';
import { CountingClient } from './support/counting-client';
import { backendTitle, closeSharedPglite, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';
import { sleep, waitUntil } from './support/wait';

afterAll(closeSharedPglite);

/** The statements a store's subscription sends to read the log: the log page (`fxlog…`) reads from the events table. */
const logReads = (client: CountingClient): number => client.statements.filter((text) => /from\s+\S*events\b/i.test(text) && !/insert/i.test(text)).length;

/**
 * A store's own append wakes its own subscriptions once: in-process when the append returns. Its
 * NOTIFY (sent because another store listens) wakes the others, and its own listener skips it; it
 * used to wake the store's subscriptions a second time, for a read that found nothing.
 */
describe(`own appends wake own subscribers once ${backendTitle}`, () => {
  let backend: TestBackend;
  let writerClient: CountingClient;
  let writer: PostgresEventStore;
  let other: PostgresEventStore;

  beforeEach(async () => {
    backend = openTestBackend();
    const schema = uniqueSchema('ownwake');
    backend.dropLater(schema);
    writerClient = new CountingClient(backend.client({ max: 8 }));
    writer = new PostgresEventStore(writerClient, { schema, pollIntervalMs: 60_000 });
    await writer.migrate();
    other = new PostgresEventStore(backend.client({ max: 2 }), { schema, pollIntervalMs: 60_000 });
  });

  afterEach(async () => {
    await other.close();
    await writer.close();
    await backend.close();
  });

  it('reads once per append while another store listens, and that store is still woken by NOTIFY', async () => {
    const own: RecordedEvent[] = [];
    const theirs: RecordedEvent[] = [];
    const ownSubscription = writer.subscribe().subscribe((event) => own.push(event));
    const otherSubscription = other.subscribe().subscribe((event) => theirs.push(event));
    await waitUntil(() => writer.listenConnections > 0 && other.listenConnections > 0, 'both stores to LISTEN');
    await sleep(200);

    const appends = 40;
    const before = logReads(writerClient);
    for (let index = 0; index < appends; index++) {
      await writer.append(`account-${index}`, [{ type: 'Opened', data: null }]);
      await waitUntil(() => own.length === index + 1 && theirs.length === index + 1, `both subscribers to get event ${index}`);
      // Room for the NOTIFY to come back to the writer's own listener before the next append.
      await sleep(15);
    }
    await sleep(300);
    const reads = logReads(writerClient) - before;
    // One read per wake-up: each append's own; a NOTIFY of its own would add a second (~2 × appends).
    expect(reads).toBeLessThanOrEqual(appends + 5);
    expect(reads).toBeGreaterThanOrEqual(appends);
    // The other store got every event within the test, with a minute-long poll: through NOTIFY.
    expect(theirs).toHaveLength(appends);
    expect(writer.notificationsSent).toBeGreaterThan(0);
    ownSubscription.unsubscribe();
    otherSubscription.unsubscribe();
  });
});
