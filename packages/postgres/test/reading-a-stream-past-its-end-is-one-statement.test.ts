import { StreamDeletedError, type RecordedEvent } from '@factum/event-store';
import { PostgresEventStore } from '@factum/postgres';
import { CountingClient } from './support/counting-client';
import { backendTitle, closeSharedPglite, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';

afterAll(closeSharedPglite);

async function read(store: PostgresEventStore, streamId: string, options?: Parameters<PostgresEventStore['readStream']>[1]): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(streamId, options)) events.push(event);
  return events;
}

/**
 * Loading an aggregate whose stream is new reads an empty page; the page's statement also says
 * whether the stream was deleted, so that takes one round trip, not two (the first command on
 * every new aggregate pays it).
 */
describe(`readStream past the end ${backendTitle}`, () => {
  let backend: TestBackend;
  let counting: CountingClient;
  let store: PostgresEventStore;

  beforeEach(async () => {
    backend = openTestBackend();
    const schema = uniqueSchema('pastend');
    backend.dropLater(schema);
    counting = new CountingClient(backend.client({ max: 4 }));
    store = new PostgresEventStore(counting, { schema, pageSize: 2, listen: false, notify: false });
    await store.migrate();
  });

  afterEach(async () => {
    await store.close();
    await backend.close();
  });

  it('a stream that does not exist reads as empty in one statement', async () => {
    counting.statements.length = 0;
    expect(await read(store, 'account-new')).toEqual([]);
    expect(counting.statements).toHaveLength(1);
  });

  it('a deleted stream fails with StreamDeletedError in one statement, whether or not the page has events', async () => {
    await store.append('account-closed', [{ type: 'Opened', data: { n: 1 } }]);
    await store.deleteStream('account-closed');
    counting.statements.length = 0;
    await expect(read(store, 'account-closed')).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(read(store, 'account-closed', { fromVersion: 5 })).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(read(store, 'account-closed', { direction: 'backward' })).rejects.toBeInstanceOf(StreamDeletedError);
    expect(counting.statements).toHaveLength(3);
  });

  it('a stream that ends on a page boundary ends with one statement for the empty page, its events in order and exactly as appended', async () => {
    // 10 events: pages of 2, then 8 (pages grow fourfold), so the stream ends on a page boundary.
    const data = [{ z: 1, a: [1, 2] }, { 'key with spaces': 'é' }, null, { nested: { b: true, a: false } }, 5, 6, 7, 8, 9, 10];
    await store.append(
      'account-full',
      data.map((value) => ({ type: 'Deposited', data: value })),
    );
    counting.statements.length = 0;
    const forward = await read(store, 'account-full');
    expect(forward.map((event) => event.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(forward.map((event) => JSON.stringify(event.data))).toEqual(data.map((value) => JSON.stringify(value)));
    // Pages [1, 2], [3 … 10], then an empty page.
    expect(counting.statements).toHaveLength(3);

    const backward = await read(store, 'account-full', { direction: 'backward' });
    expect(backward.map((event) => event.version)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(await read(store, 'account-full', { fromVersion: 11 })).toEqual([]);
    expect(await read(store, 'account-full', { fromVersion: 3, limit: 1 })).toMatchObject([{ version: 3 }]);
  });
});
