import { PostgresEventStore, type SqlClient } from '@factum/postgres';
import { closeSharedPglite, onServer, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';

afterAll(closeSharedPglite);

const LOG = 20_000;
const RESENT = 200;

/**
 * Found by a test that stalled in CI: a resending append looks up the call's event ids with
 * `stored_events()`, whose query PL/pgSQL planned once per session and then kept. A plan made
 * while the table was small is a sequential scan that compares every stored event with every id;
 * with 100,000 events, each resending append of 2,000 took 4–7 s. Here a session is made to keep
 * such a plan (`force_generic_plan`, set while the table is empty), and the log then grows to
 * 20,000 events in the same transaction, so that no statistics know of them either; a resend of
 * 200 must not read them: the transaction's own table statistics count the rows its sequential
 * scans read.
 */
(onServer ? describe : describe.skip)('a resend finds stored events by index however the log grew, on PostgreSQL', () => {
  let backend: TestBackend;
  let client: SqlClient;
  let store: PostgresEventStore;
  let schema: string;

  beforeAll(async () => {
    backend = openTestBackend();
    schema = uniqueSchema('resend_plan');
    backend.dropLater(schema);
    client = backend.client({ max: 2 });
    store = new PostgresEventStore(client, { schema });
    await store.migrate();
  });

  afterAll(async () => {
    await store.close();
    await backend.close();
  });

  it('reads no stored event by a sequential scan, with a plan kept from when the log was empty', async () => {
    const rowsRead = await client.transaction(async (tx) => {
      await tx.query('set local plan_cache_mode = force_generic_plan');
      await store.append('session-0', [{ type: 'Viewed', data: { n: 0 }, eventId: id(0) }], { acceptResends: true, transaction: tx });
      for (let from = 1; from <= LOG; from += 2_000) {
        const batch = Array.from({ length: 2_000 }, (_, n) => ({ type: 'Viewed', data: { n: from + n }, eventId: id(from + n) }));
        await store.append(`bulk-${from}`, batch, { transaction: tx });
      }
      const seqRead = async (): Promise<number> =>
        Number(
          (
            await tx.query<{ read: string }>(
              `select coalesce(seq_tup_read, 0)::text as read from pg_stat_xact_user_tables where relid = '"${schema}"."events"'::regclass`,
            )
          ).rows[0]?.read ?? 0,
        );
      const before = await seqRead();
      const resent = Array.from({ length: RESENT }, (_, n) => ({ type: 'Viewed', data: { n: LOG + 1 + n }, eventId: id(LOG + 1 + n) }));
      const result = await store.append('session-1', resent, { acceptResends: true, transaction: tx });
      expect(result.events).toHaveLength(RESENT);
      const again = await store.append('session-1', resent, { acceptResends: true, transaction: tx });
      expect(again.events).toEqual([]);
      expect(again.alreadyStored?.map((event) => event.position)).toEqual(result.events.map((event) => event.position));
      return (await seqRead()) - before;
    });
    // The kept plan of the first version read the whole log twice (40,000 rows).
    expect(rowsRead).toBeLessThan(1_000);
  }, 120_000);
});

function id(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
