import { StreamDeletedError } from '@factum/event-store';
import { databaseError, PostgresEventStore, type SqlClient } from '@factum/postgres';
import { collect } from './support/collect';
import { readLog } from './support/settle';
import { backendTitle, closeSharedPglite, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';

afterAll(closeSharedPglite);

/** Append-only is enforced by the database itself, whatever client talks to it. */
describe(`the events table is append-only ${backendTitle}`, () => {
  let backend: TestBackend;
  let schema: string;
  let client: SqlClient;
  let store: PostgresEventStore;

  beforeEach(async () => {
    backend = openTestBackend();
    schema = uniqueSchema('append_only');
    backend.dropLater(schema);
    client = backend.client();
    store = new PostgresEventStore(client, { schema });
    await store.migrate();
    await store.append('account-1', [
      { type: 'Opened', data: { owner: 'Ada' } },
      { type: 'Deposited', data: { amount: 10 } },
    ]);
  });

  afterEach(async () => {
    await store.close();
    await backend.close();
  });

  async function refusal(statement: string): Promise<{ code?: string; message?: string }> {
    try {
      await client.query(statement);
    } catch (error) {
      return databaseError(error);
    }
    throw new Error(`'${statement}' was not refused`);
  }

  it.each([
    ['UPDATE', `update "%s".events set data = '{"owner":"Mallory"}'::jsonb where version = 1`],
    ['UPDATE of every row', `update "%s".events set type = 'Forged'`],
    ['DELETE', `delete from "%s".events where version = 2`],
    ['DELETE of every row', `delete from "%s".events`],
    ['TRUNCATE', `truncate "%s".events`],
  ])('%s on events is refused by the database and changes nothing', async (_, template) => {
    const error = await refusal(template.replace('%s', schema));
    expect(error.code).toBe('FX004');
    expect(error.message).toMatch(/append-only/);
    const events = await collect(store.readStream('account-1'));
    expect(events.map((event) => [event.type, event.data])).toEqual([
      ['Opened', { owner: 'Ada' }],
      ['Deposited', { amount: 10 }],
    ]);
  });

  it('deleting a stream is a soft delete: the stream is closed, its events stay in the log untouched', async () => {
    await store.deleteStream('account-1', { reason: 'customer asked' });
    await expect(collect(store.readStream('account-1'))).rejects.toBeInstanceOf(StreamDeletedError);
    expect((await readLog(store)).map((event) => event.type)).toEqual(['Opened', 'Deposited']);
    const { rows } = await client.query<{ deleted: boolean; deleted_reason: string; deleted_at: Date | null }>(
      `select deleted, deleted_reason, deleted_at from "${schema}".streams where stream_id = $1`,
      ['account-1'],
    );
    expect(rows[0]).toEqual({ deleted: true, deleted_reason: 'customer asked', deleted_at: expect.any(Date) });
  });
});
