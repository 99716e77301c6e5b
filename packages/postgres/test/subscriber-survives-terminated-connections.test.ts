import type { RecordedEvent } from '@factum/event-store';
import { PostgresEventStore } from '@factum/postgres';
import { randomBytes } from 'node:crypto';
import { readLog } from './support/settle';
import { DATABASE_URL, onServer, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';
import { sleep, waitUntil } from './support/wait';

/**
 * A server restart, seen from the client, is every connection dying at once. This test kills all
 * of the subscribing store's connections (pool and LISTEN) with pg_terminate_backend, three
 * times, while another process keeps appending: the subscription must carry on, reconnect its
 * LISTEN, and deliver every event exactly once, in order. Needs a PostgreSQL server.
 */
const describeOnServer = onServer ? describe : describe.skip;

describeOnServer('a subscriber whose connections are terminated (needs PostgreSQL: set DATABASE_URL)', () => {
  let backend: TestBackend;

  afterEach(async () => {
    await backend.close();
  });

  it('reconnects, re-listens and misses nothing', async () => {
    backend = openTestBackend();
    const schema = uniqueSchema('restart');
    backend.dropLater(schema);
    const applicationName = `factum-restart-${randomBytes(4).toString('hex')}`;
    // Given pool settings, the store creates (and owns, and closes) its pool.
    const subscriberStore = new PostgresEventStore(
      { pool: { connectionString: DATABASE_URL, max: 4, application_name: applicationName } },
      {
        schema,
        pollIntervalMs: 100,
      },
    );
    const writer = new PostgresEventStore(backend.client({ max: 4 }), { schema });
    const admin = backend.client({ max: 1 });
    await writer.migrate();

    const delivered: RecordedEvent[] = [];
    let failure: unknown;
    const subscription = subscriberStore.subscribe({ batchSize: 20 }).subscribe({
      next: (event) => delivered.push(event),
      error: (error: unknown) => (failure = error),
    });
    const listening = async (): Promise<boolean> => {
      const { rows } = await admin.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where application_name = $1 and query ilike 'listen%'`,
        [applicationName],
      );
      return rows[0]!.n === 1;
    };
    await waitUntil(listening, 'the subscriber to LISTEN');

    let writing = true;
    let written = 0;
    const writes = (async () => {
      for (let index = 0; writing; index++) {
        await writer.append(`account-${index % 5}`, [{ type: 'Deposited', data: { index } }]);
        written++;
        await sleep(5);
      }
    })();

    for (let kill = 0; kill < 3; kill++) {
      await sleep(300);
      const { rows } = await admin.query<{ terminated: boolean }>(
        'select pg_terminate_backend(pid) as terminated from pg_stat_activity where application_name = $1',
        [applicationName],
      );
      expect(rows.length).toBeGreaterThan(0);
      await waitUntil(listening, `the subscriber to LISTEN again after termination #${kill + 1}`);
    }
    await sleep(300);
    writing = false;
    await writes;

    await waitUntil(() => delivered.length >= written, `all ${written} events to be delivered`, 15_000);
    await sleep(200);
    subscription.unsubscribe();
    expect(failure).toBeUndefined();
    const log = await readLog(writer);
    expect(log).toHaveLength(written);
    expect(delivered.map((event) => event.eventId)).toEqual(log.map((event) => event.eventId));
    // The LISTEN session was opened again after each termination.
    expect(subscriberStore.listenConnections).toBeGreaterThanOrEqual(4);

    await subscriberStore.close();
    await writer.close();
  }, 30_000);
});
