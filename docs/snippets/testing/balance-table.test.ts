// A test file of its own: Jest runs it, so docs/testing.md stays true.
import { createSqlClient, type SqlClient } from '@factum/postgres';
import { transactionalProjectorFixture } from '@factum/testing';
import { AccountOpened, MoneyDeposited, MoneyWithdrawn } from '../aggregates-bank-account';
import { BalanceTable } from '../projections-postgres';

// The server in DATABASE_URL when it is set (as on CI), else an in-memory PGlite.
let database: SqlClient;
beforeAll(() => {
  database = createSqlClient(process.env.DATABASE_URL ?? { pglite: 'memory://' });
});
afterAll(() => database.close());

it('keeps one balance per account, and leaves the database as it was', async () => {
  const balances = transactionalProjectorFixture(BalanceTable, database, {
    // Rolled back with the rest; a temporary table shadows a real `balances` for this test alone.
    prepare: (tx) => tx.query('create temporary table balances (account_id text primary key, owner text not null, balance bigint not null)'),
  });
  const rows = await balances
    .given(
      AccountOpened({ accountId: 'a1', owner: 'Ada' }),
      MoneyDeposited({ accountId: 'a1', amount: 500 }),
      MoneyWithdrawn({ accountId: 'a1', amount: 120 }),
    )
    .inspect(async (tx) => (await tx.query('select account_id, balance::int from balances')).rows);
  expect(rows).toEqual([{ account_id: 'a1', balance: 380 }]);
});
