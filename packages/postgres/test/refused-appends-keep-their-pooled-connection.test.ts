import { DuplicateEventError, WrongExpectedVersionError } from '@factum/event-store';
import { PgSqlClient } from '../src/client/pg-client';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { DATABASE_URL, onServer, uniqueSchema } from './support/test-database';

/**
 * A refused append is an answer, not a broken connection: the pooled connection goes back to the
 * pool intact (with its prepared append). `pg`'s `pool.query` would discard it after any failed
 * statement, so every conflict or duplicate would cost a new backend.
 */
(onServer ? describe : describe.skip)('refused appends on a pool of one connection (needs PostgreSQL: set DATABASE_URL)', () => {
  it('20 refusals (wrong versions, duplicate ids) use one backend throughout', async () => {
    const schema = uniqueSchema('refusals');
    const client = PgSqlClient.connect({ connectionString: DATABASE_URL, max: 1 });
    let connections = 0;
    client.pool.on('connect', () => connections++);
    const store = new PostgresEventStore(client, { schema, listen: false, notify: false });
    try {
      await store.migrate();
      const first = await store.append('account-1', [{ type: 'Opened', data: null, eventId: 'opened-1' }]);
      const pid = async () => (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const backend = await pid();
      for (let i = 0; i < 10; i++) {
        await expect(store.append('account-1', [{ type: 'Deposited', data: { i } }], { expectedVersion: 5 })).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(store.append('account-2', [{ type: 'Opened', data: null, eventId: 'opened-1' }])).rejects.toBeInstanceOf(DuplicateEventError);
      }
      expect(await pid()).toBe(backend);
      expect(connections).toBe(1);
      const next = await store.append('account-1', [{ type: 'Deposited', data: null }], { expectedVersion: 1 });
      expect(next.version).toBe(2);
      expect(store.comparePositions(next.position, first.position)).toBeGreaterThan(0);
      expect(connections).toBe(1);
    } finally {
      await client.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
      await store.close();
      await client.close();
    }
  });
});
