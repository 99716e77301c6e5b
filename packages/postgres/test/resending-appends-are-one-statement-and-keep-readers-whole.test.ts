import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@factum/postgres';
import { collect } from './support/collect';
import { CountingClient } from './support/counting-client';
import { backendTitle, closeSharedPglite, onServer, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';
import { deferred, sleep } from './support/wait';

afterAll(closeSharedPglite);

const event = (label: string): { type: string; data: { label: string }; eventId: string } => ({ type: 'Viewed', data: { label }, eventId: randomUUID() });

describe(`resending appends ${backendTitle}`, () => {
  let backend: TestBackend;
  let schema: string;
  let client: CountingClient;
  let store: PostgresEventStore;

  beforeEach(async () => {
    backend = openTestBackend();
    schema = uniqueSchema('resend');
    backend.dropLater(schema);
    client = new CountingClient(backend.client());
    store = new PostgresEventStore(client, { schema, notify: false, listen: false });
    await store.migrate();
    client.statements.length = 0;
  });

  afterEach(async () => {
    await store.close();
    await backend.close();
  });

  it('is one statement whether none, some or all of its events are already stored', async () => {
    const [a, b, c] = [event('a'), event('b'), event('c')];
    await store.append('session-1', [a, b], { acceptResends: true });
    await store.append('session-1', [a, b, c], { acceptResends: true });
    await store.append('session-1', [a, b, c], { acceptResends: true });
    expect(client.statements).toHaveLength(3);
  });

  it('writes nothing when every event is already stored: no transaction id, no position drawn, no version bump', async () => {
    const batch = [event('a'), event('b')];
    await store.append('session-1', batch);
    const sequence = async (): Promise<string> =>
      (await client.query<{ last_value: string }>(`select last_value::text from ${store.schema.qualify('events_position_seq')}`)).rows[0]!.last_value;
    const before = await sequence();
    const xid = await client.transaction(async (tx) => {
      const result = await store.append('session-1', batch, { acceptResends: true, transaction: tx });
      expect(result.events).toEqual([]);
      return (await tx.query<{ xid: string | null }>('select pg_current_xact_id_if_assigned()::text as xid')).rows[0]!.xid;
    });
    expect(xid).toBeNull();
    expect(await sequence()).toBe(before);
    expect(await store.streamVersion('session-1')).toBe(2);
  });

  (onServer ? it : it.skip)(
    'a transaction that resent only stored events stays an appender: it may write, then append, and readers never skip its events',
    async () => {
      const stored = event('stored');
      await store.append('session-1', [stored]);
      await client.query(`create table ${store.schema.qualify('side_effects')} (note text)`);
      const resent = deferred();
      const release = deferred();
      const late = event('late');
      const open = client.transaction(async (tx) => {
        await store.append('session-1', [stored], { acceptResends: true, transaction: tx });
        // It took the appender lock but no transaction id; now it gets one by writing something else.
        await tx.query(`insert into ${store.schema.qualify('side_effects')} values ('written after the resend')`);
        resent.resolve();
        await release.promise;
        await store.append('session-1', [late], { transaction: tx });
      });
      await resent.promise;
      // A neighbour commits after the open transaction took its id: readers must hold it back.
      const neighbour = await store.append('session-2', [event('neighbour')]);
      await sleep(50);
      const whileOpen = await collect(store.readAll());
      expect(whileOpen.map((recorded) => recorded.eventId)).toEqual([stored.eventId]);
      release.resolve();
      await open;
      const log = await collect(store.readAll());
      expect(log.map((recorded) => recorded.eventId)).toEqual([stored.eventId, late.eventId, neighbour.events[0]!.eventId]);
    },
    30_000,
  );
});
