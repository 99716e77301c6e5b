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

const range = (from: number, to: number): number[] => Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => (from <= to ? from + i : from - i));

/**
 * readStream's first page is `pageSize` events; each next page is four times the last, up to
 * 8 × `pageSize`, so a long stream is a few statements, not one per
 * `pageSize` events, and `limit`, `fromVersion` and the direction still hold.
 */
describe(`readStream of a long stream ${backendTitle}`, () => {
  let backend: TestBackend;
  let counting: CountingClient;
  let store: PostgresEventStore;

  beforeAll(async () => {
    backend = openTestBackend();
    const schema = uniqueSchema('longread');
    backend.dropLater(schema);
    counting = new CountingClient(backend.client({ max: 4 }));
    store = new PostgresEventStore(counting, { schema, pageSize: 2, listen: false, notify: false });
    await store.migrate();
    // 70 events in 7 appends: 7 transactions and 7 times.
    for (let append = 0; append < 7; append++) {
      await store.append(
        'account-long',
        range(1, 10).map((n) => ({ type: 'Deposited', data: { n: append * 10 + n } })),
      );
    }
  });

  afterAll(async () => {
    await store.close();
    await backend.close();
  });

  it('reads pages of 2, 8, then 16 at most: 70 events in 6 statements, not 36', async () => {
    counting.statements.length = 0;
    counting.params.length = 0;
    const events = await read(store, 'account-long');
    expect(events.map((event) => event.version)).toEqual(range(1, 70));
    expect(events.map((event) => (event.data as { n: number }).n)).toEqual(range(1, 70));
    // 2 + 8 + 16 + 16 + 16 = 58, then 12 of 16: the short page is the last.
    expect(counting.params.map((params) => params?.[2])).toEqual([2, 8, 16, 16, 16, 16]);
  });

  it('grows backward pages alike and keeps limit and fromVersion', async () => {
    counting.statements.length = 0;
    counting.params.length = 0;
    expect((await read(store, 'account-long', { direction: 'backward' })).map((event) => event.version)).toEqual(range(70, 1));
    expect(counting.params.map((params) => params?.[2])).toEqual([2, 8, 16, 16, 16, 16]);

    counting.params.length = 0;
    expect((await read(store, 'account-long', { fromVersion: 5, limit: 20 })).map((event) => event.version)).toEqual(range(5, 24));
    // The last page asks for what the limit leaves, and the read stops there.
    expect(counting.params.map((params) => params?.[2])).toEqual([2, 8, 10]);
    expect((await read(store, 'account-long', { direction: 'backward', fromVersion: 65, limit: 3 })).map((event) => event.version)).toEqual([65, 64, 63]);
  });

  it('fails with StreamDeletedError at the next page when the stream is deleted while it is read', async () => {
    await store.append(
      'account-closing',
      range(1, 5).map((n) => ({ type: 'Deposited', data: { n } })),
    );
    const iterator = store.readStream('account-closing')[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ version: 1 });
    expect((await iterator.next()).value).toMatchObject({ version: 2 });
    await store.deleteStream('account-closing');
    await expect(iterator.next()).rejects.toBeInstanceOf(StreamDeletedError);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('gives every event what readAll gives it: positions, times and all, each time a Date of its own', async () => {
    const streamed = await read(store, 'account-long');
    const logged: RecordedEvent[] = [];
    for await (const event of store.readAll()) if (event.streamId === 'account-long') logged.push(event);
    expect(streamed).toEqual(logged);
    expect(new Set(streamed.map((event) => event.position)).size).toBe(70);
    expect(new Set(streamed.map((event) => event.occurredAt.getTime())).size).toBe(7);
    expect(new Set(streamed.map((event) => event.occurredAt)).size).toBe(70);
  });
});
