import { PostgresSubscriberLocks } from '../src/subscriptions/postgres-subscriber-locks';
import { onServer, openTestDatabase, where, type TestDatabase } from './support/subscriptions-database';

describe(`subscriber locks ${where}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('locks');
  });
  afterAll(() => db.drop());

  it('gives each subscriber to one holder at a time, and to another once released', async () => {
    const a = new PostgresSubscriberLocks(db.newClient(), { schema: db.schema });
    const b = new PostgresSubscriberLocks(db.newClient(), { schema: db.schema });
    const leaseA = await a.tryAcquire('projector-1');
    expect(leaseA).not.toBeNull();
    expect(await b.tryAcquire('projector-1')).toBeNull();
    expect(await a.tryAcquire('projector-1')).toBeNull(); // not re-entrant within one holder either
    const leaseB2 = await b.tryAcquire('projector-2');
    expect(leaseB2).not.toBeNull();
    await leaseA!.release();
    const leaseB = await b.tryAcquire('projector-1');
    expect(leaseB).not.toBeNull();
    expect(b.holding()).toEqual(['projector-1', 'projector-2']);
    await a.close();
    await b.close();
  });

  it('locks of another schema do not collide', async () => {
    const a = new PostgresSubscriberLocks(db.newClient(), { schema: db.schema });
    const other = new PostgresSubscriberLocks(db.newClient(), { schema: `${db.schema}_other` });
    expect(await a.tryAcquire('same-name')).not.toBeNull();
    expect(await other.tryAcquire('same-name')).not.toBeNull();
    await a.close();
    await other.close();
  });

  (onServer ? it : it.skip)('a holder whose connection dies loses its leases at once, and another takes over', async () => {
    const a = new PostgresSubscriberLocks(db.newClient(), { schema: db.schema, heartbeatMs: 100 });
    const b = new PostgresSubscriberLocks(db.newClient(), { schema: db.schema });
    const lease = await a.tryAcquire('victim');
    expect(lease).not.toBeNull();
    const lost = new Promise((resolve) => lease!.lost.addEventListener('abort', () => resolve(lease!.lost.reason)));
    // The server ends the lock connection (as when its process dies or the network drops).
    await db.client.query(
      `select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted and pid <> pg_backend_pid()
         and objid = (hashtextextended($1, 0) & 4294967295)::oid`,
      [`factum:${db.schema}:victim`],
    );
    await expect(lost).resolves.toMatchObject({ code: 'SUBSCRIBER_LOCK_LOST' });
    const started = Date.now();
    let taken = await b.tryAcquire('victim');
    while (!taken && Date.now() - started < 5_000) {
      await new Promise((r) => setTimeout(r, 50));
      taken = await b.tryAcquire('victim');
    }
    expect(taken).not.toBeNull();
    // And the old holder reconnects, but as a standby now.
    expect(await a.tryAcquire('victim')).toBeNull();
    await a.close();
    await b.close();
  });
});
