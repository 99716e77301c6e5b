import { AppendAfterWriteError, PostgresCheckpointStore, PostgresEventStore, StreamOrderConflictError, type SqlClient } from '@factum/postgres';
import { collect } from './support/collect';
import { readLog } from './support/settle';
import { backendTitle, closeSharedPglite, onServer, openTestBackend, uniqueSchema, type TestBackend } from './support/test-database';

afterAll(closeSharedPglite);

/** Appends, checkpoints and a subscriber's own rows can share one transaction through the SQL seam. */
describe(`transactions through the SQL seam ${backendTitle}`, () => {
  let backend: TestBackend;
  let schema: string;
  let client: SqlClient;
  let store: PostgresEventStore;
  let checkpoints: PostgresCheckpointStore;

  beforeEach(async () => {
    backend = openTestBackend();
    schema = uniqueSchema('tx');
    backend.dropLater(schema);
    client = backend.client();
    store = new PostgresEventStore(client, { schema });
    checkpoints = new PostgresCheckpointStore(client, { schema });
    await store.migrate();
    await client.query(`create table "${schema}".balances (account text primary key, amount int not null)`);
  });

  afterEach(async () => {
    await store.close();
    await backend.close();
  });

  async function balances(): Promise<Array<{ account: string; amount: number }>> {
    return (await client.query<{ account: string; amount: number }>(`select account, amount from "${schema}".balances order by account`)).rows;
  }

  it('a read-model row, a checkpoint and an append commit together', async () => {
    const opened = await store.append('account-1', [{ type: 'Opened', data: null }]);
    await client.transaction(async (tx) => {
      await store.append('audit-1', [{ type: 'BalanceCreated', data: null }], { transaction: tx });
      await tx.query(`insert into "${schema}".balances values ($1, $2)`, ['account-1', 0]);
      await checkpoints.using(tx).set('balances', opened.position, { expected: null });
    });
    expect(await balances()).toEqual([{ account: 'account-1', amount: 0 }]);
    expect(await checkpoints.get('balances')).toBe(opened.position);
    expect((await readLog(store)).map((event) => event.type)).toEqual(['Opened', 'BalanceCreated']);
  });

  it('...and roll back together: nothing of the transaction remains', async () => {
    const opened = await store.append('account-1', [{ type: 'Opened', data: null }]);
    await expect(
      client.transaction(async (tx) => {
        await store.append('audit-1', [{ type: 'BalanceCreated', data: null }], { transaction: tx });
        await tx.query(`insert into "${schema}".balances values ($1, $2)`, ['account-1', 0]);
        await checkpoints.using(tx).set('balances', opened.position);
        throw new Error('projection failed');
      }),
    ).rejects.toThrow('projection failed');
    expect(await balances()).toEqual([]);
    expect(await checkpoints.get('balances')).toBeNull();
    expect((await readLog(store)).map((event) => event.type)).toEqual(['Opened']);
    expect(await store.streamVersion('audit-1')).toBe(0);
  });

  it('a fenced checkpoint write inside a transaction refuses a stale expectation', async () => {
    const { position } = await store.append('account-1', [{ type: 'Opened', data: null }]);
    await checkpoints.set('balances', position);
    await expect(client.transaction((tx) => checkpoints.using(tx).set('balances', position, { expected: null }))).rejects.toMatchObject({
      code: 'CHECKPOINT_CONFLICT',
    });
  });

  it('an append after the transaction wrote something else is refused with AppendAfterWriteError, and nothing of it is stored', async () => {
    const opened = await store.append('account-1', [{ type: 'Opened', data: null }]);
    const refused = client.transaction(async (tx) => {
      await tx.query(`insert into "${schema}".balances values ($1, $2)`, ['account-1', 0]);
      await store.append('audit-1', [{ type: 'BalanceCreated', data: null }], { transaction: tx });
    });
    await expect(refused).rejects.toBeInstanceOf(AppendAfterWriteError);
    await expect(refused).rejects.toMatchObject({ code: 'APPEND_AFTER_WRITE', streamId: 'audit-1' });
    expect(await balances()).toEqual([]);
    expect((await readLog(store)).map((event) => event.position)).toEqual([opened.position]);
  });

  it('a second append in the same transaction is fine after other writes: the transaction is an appender already', async () => {
    await client.transaction(async (tx) => {
      await store.append('audit-1', [{ type: 'BalanceCreated', data: null }], { transaction: tx });
      await tx.query(`insert into "${schema}".balances values ($1, $2)`, ['account-1', 0]);
      await store.append('audit-2', [{ type: 'BalanceCreated', data: null }], { transaction: tx });
    });
    expect((await readLog(store)).map((event) => event.streamId)).toEqual(['audit-1', 'audit-2']);
  });

  (onServer ? it : it.skip)(
    'an appender whose id is older than a newer append to the stream is refused with StreamOrderConflictError (needs PostgreSQL)',
    async () => {
      await store.append('account-1', [{ type: 'Opened', data: null }]);
      const session = await client.session();
      const appending = new PostgresEventStore(client, { schema, listen: false });
      try {
        await session.query('begin');
        const tx = { query: session.query.bind(session), afterCommit: () => undefined };
        await appending.append('other-1', [{ type: 'First', data: null }], { transaction: tx }); // an appender now, with the older id
        await store.append('account-1', [{ type: 'Deposited', data: null }]); // a newer one appends and commits
        await expect(appending.append('account-1', [{ type: 'Late', data: null }], { transaction: tx })).rejects.toBeInstanceOf(StreamOrderConflictError);
        await session.query('rollback');
      } finally {
        await appending.close();
        await session.release();
      }
      expect((await collect(store.readStream('account-1'))).map((event) => event.type)).toEqual(['Opened', 'Deposited']);
    },
  );
});
