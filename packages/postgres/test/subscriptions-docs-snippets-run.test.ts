// The Postgres snippet of docs/projections.md is compiled by the typecheck; here it runs.
import { createApp } from '@factum/core';
import { Deposit, OpenAccount, Withdraw, BankAccount } from '../../../docs/snippets/aggregates-bank-account';
import { appOnPostgres, BalanceTable } from '../../../docs/snippets/projections-postgres';
import { PgSqlClient } from '../src/client/pg-client';
import { PgliteSqlClient } from '../src/client/pglite-client';
import { PostgresEventStore } from '../src/events/postgres-event-store';
import type { SqlClient } from '../src/client/sql-client';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { databaseUrl, onServer, where } from './support/subscriptions-database';

describe(`the projections guide ${where}`, () => {
  it('keeps a transactional read model in Postgres', async () => {
    const schema = `t_docs_${Date.now().toString(36)}`;
    // The guide's read-model table is unqualified: put it (and the store) in this test's schema.
    const client: SqlClient = onServer
      ? PgSqlClient.connect({ connectionString: databaseUrl, options: `-c search_path=${schema}`, max: 5 })
      : PgliteSqlClient.open('memory://');
    await client.query(`create schema if not exists "${schema}"`);
    if (!onServer) await client.query(`set search_path to "${schema}"`);
    try {
      const { app, close } = await appOnPostgres(client, schema);
      await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
      await app.dispatch(Deposit({ accountId: 'a1', amount: 100 }));
      await app.dispatch(Withdraw({ accountId: 'a1', amount: 30 }), { consistency: 'strong' });
      expect((await client.query('select account_id, owner, balance::int from balances')).rows).toEqual([{ account_id: 'a1', owner: 'Ada', balance: 70 }]);
      // The bulk-writing projector is strong too, so it has the same rows by now.
      expect((await client.query('select account_id, owner, balance::int from balance_rows')).rows).toEqual([{ account_id: 'a1', owner: 'Ada', balance: 70 }]);
      await app.projections.rebuild('balance-table');
      await app.projections.rebuild('balance-rows');
      expect((await client.query('select balance::int from balances')).rows).toEqual([{ balance: 70 }]);
      expect((await client.query('select balance::int from balance_rows')).rows).toEqual([{ balance: 70 }]);
      await close();
      // The checkpoint is where the read model is: a new app does not apply anything again.
      const again = await createApp({
        store: new PostgresEventStore(client, { schema }),
        aggregates: [BankAccount],
        projectors: [BalanceTable],
        subscriptions: { store: new PostgresSubscriberStore(client, { schema }) },
      });
      await again.start();
      await again.dispatch(Deposit({ accountId: 'a1', amount: 5 }), { consistency: 'strong' });
      expect((await client.query('select balance::int from balances')).rows).toEqual([{ balance: 75 }]);
      await again.stop();
      await again.store.close();
    } finally {
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.close();
    }
  });
});
