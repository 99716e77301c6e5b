import { createApp, On, Projector, type DecodedEvent } from '@factum/core';
import { isFactumError, StoreUnavailableError } from '@factum/event-store';
import { PgSqlClient } from '../src/client/pg-client';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { PostgresSubscriberLocks } from '../src/subscriptions/postgres-subscriber-locks';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { Deposit, Deposited, Wallet } from './support/subscriptions-domain';
import { DATABASE_URL, onServer, uniqueSchema } from './support/test-database';
import { waitUntil } from './support/wait';

/**
 * A lost or refused connection reaches the caller as `StoreUnavailableError` (retryable, the
 * driver's error as its cause, and for a write whether it may have committed), never as a `pg`
 * error, from `append` and from `dispatch`; and the next call simply works.
 */
(onServer ? describe : describe.skip)('driver failures are typed (needs PostgreSQL: set DATABASE_URL)', () => {
  const schema = uniqueSchema('unavailable');
  const applicationName = `factum-test-${schema}`;
  let client: PgSqlClient;
  let store: PostgresEventStore;

  beforeAll(async () => {
    client = PgSqlClient.connect({ connectionString: DATABASE_URL, max: 4, application_name: applicationName });
    store = new PostgresEventStore(client, { schema });
    await store.migrate();
    // Appends to streams whose id contains "slow" take a second: long enough to cut them off.
    await client.query(`create function "${schema}".slow_append() returns trigger language plpgsql as $fn$
      begin perform pg_sleep(1); return null; end $fn$`);
    await client.query(`create trigger slow_append after insert on "${schema}".events for each row
      when (new.stream_id like '%slow%') execute function "${schema}".slow_append()`);
  });

  afterAll(async () => {
    await client.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
    await store.close();
    await client.close();
  });

  /** Terminates the backend that is running the slow append, once it runs. */
  async function terminateTheSlowAppend(): Promise<void> {
    let pid: number | undefined;
    await waitUntil(async () => {
      const { rows } = await client.query<{ pid: number }>(
        `select pid from pg_stat_activity where application_name = $1 and state = 'active' and query like '%refuse_append%' and pid <> pg_backend_pid()`,
        [applicationName],
      );
      pid = rows[0]?.pid;
      return pid !== undefined;
    }, 'the slow append to be running');
    await client.query('select pg_terminate_backend($1)', [pid]);
  }

  it('append: a connection terminated mid-append is StoreUnavailableError with an unknown outcome and the event ids; the next append works', async () => {
    const appending = store.append('account-slow-1', [{ type: 'Opened', data: null, eventId: 'slow-opened-1' }]);
    const outcome = appending.then(
      () => undefined,
      (error: unknown) => error,
    );
    await terminateTheSlowAppend();
    const error = await outcome;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true, outcome: 'unknown', eventIds: ['slow-opened-1'] });
    expect((error as Error).message).toMatch(/slow-opened-1/);
    expect((error as Error).cause).toBeDefined();
    // The terminated transaction rolled back: the same event can be appended again.
    expect((await store.append('account-1', [{ type: 'Opened', data: null, eventId: 'opened-1' }])).version).toBe(1);
  });

  it('dispatch: the same failure rejects the dispatch with StoreUnavailableError, and the app recovers on its own', async () => {
    const seen: string[] = [];
    @Projector({ name: 'balances', readModel: 'memory' })
    class Balances {
      @On(Deposited)
      deposited(event: DecodedEvent<typeof Deposited>): void {
        seen.push(event.data.account);
      }
    }
    const app = await createApp({
      store,
      aggregates: [Wallet],
      projectors: [Balances],
      subscriptions: { store: new PostgresSubscriberStore(client, { schema }), locks: new PostgresSubscriberLocks(client, { schema }) },
    });
    await app.start();
    try {
      const dispatching = app.dispatch(Deposit({ account: 'slow-2', amount: 5 })).then(
        () => undefined,
        (error: unknown) => error,
      );
      await terminateTheSlowAppend();
      const error = await dispatching;
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', outcome: 'unknown' });
      // Recovered: strongly consistent dispatches go through, and the projector sees them.
      await app.dispatch(Deposit({ account: 'fast-1', amount: 5 }), { consistency: 'strong' });
      await app.dispatch(Deposit({ account: 'fast-2', amount: 5 }), { consistency: 'strong' });
      expect(seen).toEqual(['fast-1', 'fast-2']);
    } finally {
      await app.stop();
    }
  });

  it('a server that refuses connections: StoreUnavailableError saying nothing was written, and reads say so too', async () => {
    const refused = PgSqlClient.connect({ connectionString: 'postgres://postgres@127.0.0.1:1/test', max: 1 });
    const unreachable = new PostgresEventStore(refused, { schema, listen: false, notify: false, readRetryTimeoutMs: 0 });
    try {
      const appendError = await unreachable.append('account-9', [{ type: 'Opened', data: null }]).catch((error: unknown) => error);
      expect(appendError).toBeInstanceOf(StoreUnavailableError);
      expect(appendError).toMatchObject({ outcome: 'not-committed', retryable: true });
      const readError = await unreachable.headPosition().catch((error: unknown) => error);
      expect(readError).toBeInstanceOf(StoreUnavailableError);
      expect(readError).toMatchObject({ outcome: 'read' });
      for (const error of [appendError, readError]) expect(isFactumError(error)).toBe(true);
    } finally {
      await unreachable.close();
      await refused.close();
    }
  });
});
