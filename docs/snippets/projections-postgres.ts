// Compiled by `npm run typecheck` and run by the Postgres tests, so docs/projections.md stays true.
import { createApp, On, Projector, type App, type DecodedEvent, type ProjectionContext } from '@factum/core';
import {
  createPostgresStores,
  PostgresSubscriberLocks,
  PostgresSubscriberStore,
  sqlTable,
  type SqlSource,
  type SqlTransaction,
} from '@factum/postgres';
import { AccountOpened, BankAccount, MoneyDeposited, MoneyWithdrawn } from './aggregates-bank-account';

// A transactional projector: its writes go through ctx.tx, the transaction that also moves its
// checkpoint. They commit together or not at all: exactly-once effects, even across kill -9.
@Projector({ name: 'balance-table', transactional: true })
export class BalanceTable {
  @On(AccountOpened)
  async opened(event: DecodedEvent<typeof AccountOpened>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query('insert into balances (account_id, owner, balance) values ($1, $2, 0)', [event.data.accountId, event.data.owner]);
  }

  @On(MoneyDeposited)
  async deposited(event: DecodedEvent<typeof MoneyDeposited>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query('update balances set balance = balance + $2 where account_id = $1', [event.data.accountId, event.data.amount]);
  }

  @On(MoneyWithdrawn)
  async withdrawn(event: DecodedEvent<typeof MoneyWithdrawn>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query('update balances set balance = balance - $2 where account_id = $1', [event.data.accountId, event.data.amount]);
  }

  // A rebuild truncates in the same transaction that deletes the checkpoint.
  async reset(ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query('truncate balances');
  }
}

// Bulk writes: declare the table once (its key and its columns with their SQL types)...
const balanceRows = sqlTable<{ account_id: string; owner: string; balance: number }>({
  name: 'balance_rows',
  key: ['account_id'],
  columns: { account_id: 'text', owner: 'text', balance: 'bigint' },
});

// ...and stage rows in the handlers. Nothing is sent while they run: each batch writes what they
// staged in a few multi-row statements, just before its checkpoint, in the same transaction.
@Projector({ name: 'balance-rows', transactional: true })
export class BalanceRows {
  @On(AccountOpened)
  opened(event: DecodedEvent<typeof AccountOpened>, ctx: ProjectionContext<SqlTransaction>): void {
    balanceRows.in(ctx.tx).upsert({ account_id: event.data.accountId, owner: event.data.owner, balance: 0 });
  }

  @On(MoneyDeposited)
  deposited(event: DecodedEvent<typeof MoneyDeposited>, ctx: ProjectionContext<SqlTransaction>): void {
    // `add`: balance = balance + the staged amount. Several deposits to one account in a batch become one row.
    balanceRows.in(ctx.tx).update({ account_id: event.data.accountId, balance: event.data.amount }, { add: ['balance'] });
  }

  @On(MoneyWithdrawn)
  withdrawn(event: DecodedEvent<typeof MoneyWithdrawn>, ctx: ProjectionContext<SqlTransaction>): void {
    balanceRows.in(ctx.tx).update({ account_id: event.data.accountId, balance: -event.data.amount }, { add: ['balance'] });
  }

  async reset(ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query('truncate balance_rows');
  }
}

/** An app whose subscribers keep everything in Postgres, and share the work with other processes. */
export async function appOnPostgres(source: SqlSource, schema = 'factum'): Promise<{ app: App; close(): Promise<void> }> {
  const pg = createPostgresStores(source, { schema });
  await pg.migrate(); // also creates the subscriber tables: process state, dead letters
  await pg.client.query('create table if not exists balances (account_id text primary key, owner text not null, balance bigint not null)');
  await pg.client.query('create table if not exists balance_rows (account_id text primary key, owner text not null, balance bigint not null)');
  const locks = new PostgresSubscriberLocks(pg.client, { schema }); // one active process per subscriber
  const app = await createApp({
    store: pg.events,
    snapshots: pg.snapshots,
    aggregates: [BankAccount],
    projectors: [BalanceTable, BalanceRows],
    subscriptions: {
      store: new PostgresSubscriberStore(pg.client, { schema }), // checkpoints + state + dead letters, in one transaction
      locks,
      takeoverIntervalMs: 1_000, // how often a standby process tries to take over
    },
  });
  await app.start();
  return {
    app,
    async close() {
      await app.stop();
      await locks.close();
      await pg.close();
    },
  };
}
