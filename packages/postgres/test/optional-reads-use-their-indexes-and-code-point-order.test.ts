import { compareStreamIds } from '@factum/event-store';
import { createSqlClient, PostgresEventStore, type SqlClient } from '@factum/postgres';
import { randomBytes } from 'node:crypto';
import { storeSchema } from '../src/schema/store-schema';
import { causationChainStatement, readCorrelatedStatement } from '../src/sql/causation-statements';
import { listStreamsStatement } from '../src/sql/stream-listing-statements';
import { collect } from './support/collect';
import { backendTitle, closeSharedPglite, DATABASE_URL, onServer, openTestBackend, uniqueSchema } from './support/test-database';

afterAll(closeSharedPglite);

/** The plan of a statement when the planner may not read a whole table: proves an index can serve it. */
async function planOf(client: SqlClient, text: string, params: unknown[]): Promise<string> {
  return client.transaction(async (tx) => {
    await tx.query('set local enable_seqscan = off');
    const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`explain ${text}`, params);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

describe(`the optional reads ${backendTitle}`, () => {
  it('list streams, read a conversation and walk a chain through indexes, never a scan of the log', async () => {
    const backend = openTestBackend();
    const schema = uniqueSchema('reads');
    backend.dropLater(schema);
    const client = backend.client();
    const store = new PostgresEventStore(client, { schema, listen: false, notify: false });
    try {
      await store.migrate();
      const qualified = storeSchema(schema);
      const listing = listStreamsStatement(qualified, { category: 'user', prefix: 'user-1', after: undefined, includeDeleted: false }, 'user-1-a', 10);
      expect(await planOf(client, listing.text, listing.params)).toMatch(/Index (Only )?Scan using streams_id_code_point_idx/);
      const correlated = readCorrelatedStatement(qualified, true);
      expect(await planOf(client, correlated.text, ['100', 'conversation-1', '5', '7', 10])).toMatch(/events_correlation_idx/);
      const chain = await planOf(client, causationChainStatement(qualified), ['event-1']);
      expect(chain).toMatch(/events_event_id_key/);
      expect(chain).not.toMatch(/Seq Scan on events/);
    } finally {
      await store.close();
      await backend.close();
    }
  });

  // The test server's own collation is C.UTF-8; a database with a linguistic collation sorts
  // 'B' after 'a' and ignores '-' and '_': listing must not follow it.
  (onServer ? it : it.skip)('lists in code point order in a database whose collation is linguistic (ICU en)', async () => {
    const database = `collation_${randomBytes(6).toString('hex')}`;
    const admin = createSqlClient(DATABASE_URL!);
    await admin.query(`create database ${database} locale_provider icu icu_locale 'en' template template0`);
    const url = new URL(DATABASE_URL!);
    url.pathname = `/${database}`;
    const store = new PostgresEventStore(url.toString(), { listen: false, notify: false });
    try {
      await store.migrate();
      const ids = ['a-1', 'B-1', '_-1', 'a-\uFFFD', 'a-\u{1F600}', 'a-10', 'a-1-x', 'a', 'a!', 'Ä-1', 'ab', 'b-1'];
      for (const streamId of ids) await store.append(streamId, [{ type: 'Created', data: null }]);
      const listed = (await collect(store.listStreams())).map((stream) => stream.streamId);
      expect(listed).toEqual([...ids].sort(compareStreamIds));
      const paged: string[] = [];
      for (let after: string | undefined; ;) {
        const page = await collect(store.listStreams({ after, limit: 2 }));
        if (page.length === 0) break;
        paged.push(...page.map((stream) => stream.streamId));
        after = page[page.length - 1]!.streamId;
      }
      expect(paged).toEqual(listed);
      expect((await collect(store.listStreams({ category: 'a' }))).map((stream) => stream.streamId)).toEqual([
        'a',
        'a-1',
        'a-1-x',
        'a-10',
        'a-\uFFFD',
        'a-\u{1F600}',
      ]);
    } finally {
      await store.close();
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.close();
    }
  });
});
