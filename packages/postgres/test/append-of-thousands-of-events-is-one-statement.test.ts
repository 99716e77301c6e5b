import { PostgresEventStore } from '@factum/postgres';
import { collect } from './support/collect';
import { readLog } from './support/settle';
import { CountingClient } from './support/counting-client';
import { backendTitle, closeSharedPglite, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';

afterAll(closeSharedPglite);

describe(`appends are one statement ${backendTitle}`, () => {
  let backend: TestBackend;
  let schema: string;
  let client: CountingClient;
  let store: PostgresEventStore;

  beforeEach(async () => {
    backend = openTestBackend();
    schema = uniqueSchema('batch');
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

  it('a single-event append is exactly one statement', async () => {
    await store.append('account-1', [{ type: 'Opened', data: { owner: 'Ada' } }], { expectedVersion: 'no-stream' });
    await store.append('account-1', [{ type: 'Deposited', data: { amount: 5 } }], { expectedVersion: 1 });
    expect(client.statements).toHaveLength(2);
  });

  it('a batch of 10,000 events (70,000 values, past the 65,535-parameter limit) is one statement, stored in order', async () => {
    const events = Array.from({ length: 10_000 }, (_, index) => ({
      type: index % 2 === 0 ? 'Deposited' : 'Withdrawn',
      data: { index, amount: index % 97, note: `event ${index}` },
      metadata: { batch: 'big' },
      correlationId: 'corr-1',
    }));
    const result = await store.append('ledger-1', events, { expectedVersion: 'no-stream' });
    expect(client.statements).toHaveLength(1);
    expect(result.version).toBe(10_000);
    expect(result.events.map((event) => event.version)).toEqual(events.map((_, index) => index + 1));

    const stream = await collect(store.readStream('ledger-1'));
    expect(stream).toHaveLength(10_000);
    expect(stream.map((event) => (event.data as { index: number }).index)).toEqual(events.map((_, index) => index));
    // One transaction: every event shares its transaction id and the positions follow the versions.
    for (let index = 1; index < stream.length; index++) {
      expect(store.comparePositions(stream[index - 1]!.position, stream[index]!.position)).toBeLessThan(0);
    }
    expect(new Set(stream.map((event) => event.position.split(':')[0])).size).toBe(1);
    const log = await readLog(store);
    expect(log.map((event) => event.eventId)).toEqual(stream.map((event) => event.eventId));
    expect(result.position).toBe(log[log.length - 1]!.position);
  }, 60_000);
});
