import type { SubscriberSession } from '@factum/event-store';
import { createApp, On, ProcessManager, type App, type DecodedEvent, type ProcessContext } from '@factum/core';
import type { SqlTransaction } from '../src/client/sql-client';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { appendDeposits, Deposit, Deposited, Wallet } from './support/subscriptions-domain';
import { openTestDatabase, where, type TestDatabase } from './support/subscriptions-database';

/** Pays a bonus of 1 into `<account>-bonus` on every third deposit into an account. */
@ProcessManager({ name: 'bonus', retry: { maxAttempts: 2, initialDelayMs: 1 } })
class BonusProcess {
  static handled: string[] = [];

  @On(Deposited, { start: true, key: (e) => e.account })
  async deposited(event: DecodedEvent<typeof Deposited>, ctx: ProcessContext<{ deposits: number }>): Promise<void> {
    if (event.data.account.endsWith('-bonus')) return ctx.end();
    BonusProcess.handled.push(event.eventId);
    const deposits = (ctx.state?.deposits ?? 0) + 1;
    ctx.state = { deposits };
    if (deposits % 3 === 0) await ctx.dispatch(Deposit({ account: `${event.data.account}-bonus`, amount: 1 }));
  }
}

/** Fails the unit of work that saves the state after the third deposit (whose bonus is dispatched), after writing it: as a crash before COMMIT would. */
class CrashOnceBeforeCommit extends PostgresSubscriberStore {
  crashes = 0;
  override transaction<T>(work: (session: SubscriberSession<SqlTransaction>) => Promise<T>): Promise<T> {
    return super.transaction(async (session) => {
      const result = await work(session);
      const x = await session.processStates.load('bonus', 'x');
      if (this.crashes === 0 && (x?.state as { deposits?: number } | undefined)?.deposits === 3) {
        this.crashes++;
        throw new Error('crash before commit');
      }
      return result;
    });
  }
}

describe(`process managers ${where}`, () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await openTestDatabase('pm');
    store = new PostgresEventStore(db.client, { schema: db.schema, pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const until = async (check: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const bonuses = async () =>
    (await db.client.query<{ n: number }>(`select count(*)::int as n from "${db.schema}".events where stream_id like 'wallet-%-bonus'`)).rows[0]!.n;
  const make = (subscriberStore = new PostgresSubscriberStore(db.client, { schema: db.schema })): Promise<App> =>
    createApp({ store, aggregates: [Wallet], processManagers: [BonusProcess], subscriptions: { store: subscriberStore, restartDelayMs: 1 } });
  // The stored checkpoint, not the status: a process manager's state and checkpoint are written after its handlers ran.
  const caughtUp = async () =>
    (await db.client.query(`select position from "${db.schema}".checkpoints where name = 'bonus'`)).rows[0]?.position === (await store.headPosition());

  it('starts at the head, persists instance state with its checkpoint, survives a crash before commit, and resumes after a restart', async () => {
    await appendDeposits(store, 1_000, { accounts: 5 });
    const subscriberStore = new CrashOnceBeforeCommit(db.client, { schema: db.schema });
    const first = await make(subscriberStore);
    await first.start();
    await until(async () => (await first.subscribers.status())[0]!.state === 'live', 'live');
    expect(BonusProcess.handled).toEqual([]); // none of the 1,000 earlier deposits

    for (let i = 0; i < 3; i++) await first.dispatch(Deposit({ account: 'x', amount: 10 }));
    await until(async () => (await bonuses()) === 1 && (await caughtUp()), 'one bonus');
    expect(subscriberStore.crashes).toBe(1);
    // The third deposit was handled twice (its unit of work failed), its bonus command executed once.
    expect(new Set(BonusProcess.handled).size).toBe(3);
    expect(BonusProcess.handled.length).toBeGreaterThan(3);
    const state = await db.client.query(`select key, state from "${db.schema}".process_states where process_name = 'bonus' order by key`);
    expect(state.rows).toEqual([{ key: 'x', state: { deposits: 3 } }]);
    await first.stop();

    // While it is down: three more deposits into x (→ one more bonus) and two into y.
    const writer = await createApp({ store, aggregates: [Wallet] });
    for (let i = 0; i < 3; i++) await writer.dispatch(Deposit({ account: 'x', amount: 1 }));
    for (let i = 0; i < 2; i++) await writer.dispatch(Deposit({ account: 'y', amount: 1 }));

    const second = await make();
    await second.start();
    await until(async () => (await bonuses()) === 2 && (await caughtUp()), 'the bonus for what arrived while down');
    const after = await db.client.query(`select key, state from "${db.schema}".process_states where process_name = 'bonus' order by key`);
    expect(after.rows).toEqual([
      { key: 'x', state: { deposits: 6 } },
      { key: 'y', state: { deposits: 2 } },
    ]);
    await second.stop();
  });
});
