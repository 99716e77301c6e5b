import type { RecordedEvent } from '@factum/event-store';
import { PostgresEventStore } from '@factum/postgres';
import { CountingClient } from './support/counting-client';
import { backendTitle, closeSharedPglite, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';
import { sleep, waitUntil } from './support/wait';

afterAll(closeSharedPglite);

/** How long the notifier trusts "nobody else listens" (`LISTENER_CHECK_INTERVAL_MS`), with room to spare. */
const CHECK_INTERVAL_MS = 1000;

const notifies = (client: CountingClient): number => client.statements.filter((text) => /pg_notify/.test(text)).length;
/** Whether the writer has asked if anyone else listens (PGlite never asks: see below). */
const asked = (client: CountingClient): boolean => client.dialect === 'pglite' || client.statements.some((text) => /factum\.listeners/.test(text));

/** Appends one event to each of `count` streams, one after the other; returns how long that took. */
async function appendInTurn(store: PostgresEventStore, from: number, count: number): Promise<number> {
  const started = Date.now();
  for (let index = from; index < from + count; index++) await store.append(`account-${index}`, [{ type: 'Opened', data: null }]);
  return Date.now() - started;
}

/**
 * A NOTIFY only wakes sessions of other stores: on a server, an appender whose schema has no
 * listener but its own sends none (one NOTIFY, then one question a second). Stores stand for
 * processes; a subscriber polls once a minute, so what it receives within seconds came through
 * LISTEN/NOTIFY.
 */
describe(`NOTIFY only while another session listens ${backendTitle}`, () => {
  let backend: TestBackend;
  let schema: string;
  let writerClient: CountingClient;
  let writer: PostgresEventStore;
  let reader: PostgresEventStore | undefined;

  beforeEach(async () => {
    backend = openTestBackend();
    schema = uniqueSchema('quiet');
    backend.dropLater(schema);
    writerClient = new CountingClient(backend.client({ max: 8 }));
    writer = new PostgresEventStore(writerClient, { schema, pollIntervalMs: 60_000 });
    await writer.migrate();
  });

  afterEach(async () => {
    await reader?.close();
    reader = undefined;
    await writer.close();
    await backend.close();
  });

  async function subscribedReader(): Promise<RecordedEvent[]> {
    reader = new PostgresEventStore(backend.client({ max: 2 }), { schema, pollIntervalMs: 60_000 });
    const events: RecordedEvent[] = [];
    reader.subscribe().subscribe((event) => events.push(event));
    await waitUntil(() => reader!.listenConnections > 0, 'the reader to LISTEN');
    return events;
  }

  it('appends send no NOTIFY while only the appending store itself listens, and its own subscribers still get every event', async () => {
    const own: RecordedEvent[] = [];
    const subscription = writer.subscribe().subscribe((event) => own.push(event));
    await waitUntil(() => writer.listenConnections > 0, 'the writer to LISTEN');
    await writer.append('account-0', [{ type: 'Opened', data: null }]);
    await waitUntil(() => asked(writerClient), 'the question whether anyone else listens');
    const elapsed = await appendInTurn(writer, 1, 100);
    await waitUntil(() => own.length === 101, 'the writer’s own subscriber to get all 101 events', 10_000);
    if (backend.kind === 'postgres') {
      // The first NOTIFY, then at most one per check interval (asking again), not one per append.
      expect(notifies(writerClient)).toBeLessThanOrEqual(1 + Math.ceil(elapsed / CHECK_INTERVAL_MS));
      expect(writer.notificationsSent).toBe(notifies(writerClient));
    } else {
      // PGlite: one backend for every store, so listeners cannot be told apart; appends notify.
      expect(notifies(writerClient)).toBeGreaterThan(10);
    }
    subscription.unsubscribe();
  });

  it('a store that starts listening later is woken by NOTIFY again within the check interval', async () => {
    await writer.append('account-0', [{ type: 'Opened', data: null }]);
    await waitUntil(() => asked(writerClient), 'the question whether anyone else listens');
    await writer.append('account-1', [{ type: 'Opened', data: null }]);
    const before = notifies(writerClient);
    if (backend.kind === 'postgres') expect(before).toBe(1);

    const events = await subscribedReader();
    // The reader reads once when it starts listening: nothing appended before is missed.
    await waitUntil(() => events.length === 2, 'the reader to read what came before it listened', 5_000);
    await sleep(CHECK_INTERVAL_MS + 100);
    for (let index = 2; index < 5; index++) {
      await writer.append(`account-${index}`, [{ type: 'Opened', data: null }]);
      await waitUntil(() => events.length === index + 1, `event ${index + 1} through a NOTIFY (the reader polls once a minute)`, 5_000);
    }
    expect(notifies(writerClient)).toBeGreaterThan(before);
  });

  it('once the other listener is gone, appends go quiet again', async () => {
    const events = await subscribedReader();
    await writer.append('account-0', [{ type: 'Opened', data: null }]);
    await waitUntil(() => events.length === 1, 'the event through a NOTIFY', 5_000);
    await reader!.close();
    reader = undefined;
    await sleep(CHECK_INTERVAL_MS + 100);
    await writer.append('account-1', [{ type: 'Opened', data: null }]);
    await sleep(200);
    const sent = notifies(writerClient);
    const elapsed = await appendInTurn(writer, 2, 100);
    await sleep(200);
    if (backend.kind === 'postgres') expect(notifies(writerClient) - sent).toBeLessThanOrEqual(Math.ceil(elapsed / CHECK_INTERVAL_MS));
    else expect(notifies(writerClient) - sent).toBeGreaterThan(10);
  });
});
