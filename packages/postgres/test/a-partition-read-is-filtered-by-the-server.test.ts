import { partitionHash, partitionOf, type RecordedEvent } from '@factum/event-store';
import { PostgresEventStore, type SqlResult } from '@factum/postgres';
import fc from 'fast-check';
import { CountingClient } from './support/counting-client';
import { closeSharedPglite, onServer, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';

afterAll(closeSharedPglite);

/** Counts the event rows the database sent back: what a read cost the client, not what it yielded. */
class RowCountingClient extends CountingClient {
  rows = 0;

  override async query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>> {
    const result = await super.query<Row>(text, params);
    this.rows += result.rows.filter((row) => 'event_id' in row).length;
    return result;
  }
}

async function readAll(store: PostgresEventStore, options?: Parameters<PostgresEventStore['readAll']>[0]): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll(options)) events.push(event);
  return events;
}

// Beyond ASCII, and beyond the Basic Multilingual Plane (two UTF-16 code units, as JavaScript counts them).
const STREAMS = ['account-1', 'account-2', 'konto-ü', 'order-7', 'note-\u{1F600}', '账户-3', 'a', 'account-2-savings'];

/**
 * Every append stores its stream's partition hash, and a read of one partition of the streams
 * (`filter.partition`) is filtered by the server: the client receives that partition's events
 * only. Events stored before the hash existed (migration 9) get the same hash computed.
 */
/** Text a database cannot hold. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const BACKENDS = [...(onServer ? [{ kind: 'auto' as const, where: 'on PostgreSQL' }] : []), { kind: 'pglite' as const, where: 'on PGlite' }];

describe.each(BACKENDS)('a partition read $where', ({ kind }) => {
  let backend: TestBackend;
  let counting: RowCountingClient;
  let store: PostgresEventStore;
  let schema: string;

  beforeAll(async () => {
    backend = openTestBackend(kind);
    schema = uniqueSchema('partread');
    backend.dropLater(schema);
    counting = new RowCountingClient(backend.client({ max: 4 }));
    store = new PostgresEventStore(counting, { schema, listen: false, notify: false });
    await store.migrate();
  });

  afterAll(async () => {
    await store.close();
    await backend.close();
  });

  it(`stores partitionHash(streamId) with every event, from single, combined and resending appends`, async () => {
    for (const streamId of STREAMS) await store.append(streamId, [{ type: 'Opened', data: {} }]);
    // Appends in flight together are sent as one combined statement.
    await Promise.all(STREAMS.map((streamId) => store.append(streamId, [{ type: 'Deposited', data: { n: 1 } }])));
    await store.append(STREAMS[2]!, [{ type: 'Deposited', data: { n: 2 }, eventId: 'resent-1' }], { acceptResends: true });
    await store.append(STREAMS[2]!, [{ type: 'Deposited', data: { n: 2 }, eventId: 'resent-1' }], { acceptResends: true });
    const { rows } = await counting.query<{ stream_id: string; stream_hash: string | null }>(`select stream_id, stream_hash::text from "${schema}".events`);
    expect(rows.length).toBe(STREAMS.length * 2 + 1);
    for (const row of rows)
      expect({ stream: row.stream_id, hash: row.stream_hash }).toEqual({ stream: row.stream_id, hash: String(partitionHash(row.stream_id)) });
  });

  it('computes the same hash in SQL as partitionHash in JavaScript, for any stream id (property)', async () => {
    const ids = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((id) => !id.includes('\u0000') && !LONE_SURROGATE.test(id));
    await fc.assert(
      fc.asyncProperty(fc.array(ids, { minLength: 1, maxLength: 20 }), async (streamIds) => {
        const { rows } = await counting.query<{ hash: string }>(
          `select "${schema}".stream_hash_of(id)::text as hash from unnest($1::text[]) with ordinality as t(id, n) order by n`,
          [streamIds],
        );
        expect(rows.map((row) => row.hash)).toEqual(streamIds.map((id) => String(partitionHash(id))));
      }),
      { numRuns: 30 },
    );
  });

  it('sends the client the events of the partition only, each partition of a count its own', async () => {
    const all = await readAll(store);
    for (const count of [2, 3, 5]) {
      const read: string[] = [];
      for (let index = 0; index < count; index++) {
        counting.rows = 0;
        const events = await readAll(store, { filter: { partition: { index, count } } });
        expect(events.map((event) => event.eventId)).toEqual(all.filter((event) => partitionOf(event.streamId, count) === index).map((event) => event.eventId));
        // One page, and nothing of another partition on the wire.
        expect(counting.rows).toBe(events.length);
        read.push(...events.map((event) => event.eventId));
      }
      expect(read.sort()).toEqual(all.map((event) => event.eventId).sort());
    }
  });

  it('reads events stored without a hash (before migration 9) into their partition too', async () => {
    const before = (await readAll(store)).length;
    // As an older release stored them: no stream_hash.
    await counting.query(
      `insert into "${schema}".events (stream_id, version, event_id, type, schema_version, data, metadata)
       select t.id, 100, 'old-' || t.n, 'Opened', 1, '{}'::jsonb, '{}'::jsonb from unnest($1::text[]) with ordinality as t(id, n)`,
      [STREAMS],
    );
    const { rows } = await counting.query<{ missing: string }>(`select count(*)::text as missing from "${schema}".events where stream_hash is null`);
    expect(rows[0]!.missing).toBe(String(STREAMS.length));
    const all = await readAll(store);
    expect(all.length).toBe(before + STREAMS.length);
    for (let index = 0; index < 3; index++) {
      const events = await readAll(store, { filter: { partition: { index, count: 3 } } });
      expect(events.map((event) => event.eventId)).toEqual(all.filter((event) => partitionOf(event.streamId, 3) === index).map((event) => event.eventId));
    }
  });
});
