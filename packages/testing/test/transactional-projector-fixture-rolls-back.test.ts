import { On, Projector, type DecodedEvent, type ProjectionContext, type SubscriberClass } from '@factum/core';
import { createSqlClient, type SqlClient, type SqlExecutor, type SqlTransaction } from '@factum/postgres';
import { transactionalProjectorFixture } from '@factum/testing';
import { randomBytes } from 'node:crypto';
import { Credited, WalletOpened } from './domain/wallet';

// On the server named by DATABASE_URL (CI always sets it), else on in-memory PGlite.
const serverUrl = process.env.DATABASE_URL;
if (process.env.CI === 'true' && !serverUrl) throw new Error('CI=true but DATABASE_URL is not set: this test must run on PostgreSQL on CI.');
const schema = `fixture_${randomBytes(6).toString('hex')}`;
const table = `${schema}.balances`;

@Projector({ name: 'sql-balances', transactional: true })
class SqlBalances {
  @On(WalletOpened)
  async opened(event: DecodedEvent<typeof WalletOpened>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    await ctx.tx.query(`insert into ${table} (wallet_id, balance) values ($1, 0)`, [event.data.walletId]);
  }

  @On(Credited)
  async credited(event: DecodedEvent<typeof Credited>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
    const result = await ctx.tx.query(`update ${table} set balance = balance + $2 where wallet_id = $1`, [event.data.walletId, event.data.amount]);
    if (result.rowCount === 0) throw new Error(`no wallet ${event.data.walletId}`);
  }
}

const balances = async (db: SqlExecutor): Promise<Array<[string, number]>> =>
  (await db.query<{ wallet_id: string; balance: number }>(`select wallet_id, balance from ${table} order by wallet_id`)).rows.map((row) => [
    row.wallet_id,
    row.balance,
  ]);

describe(`transactionalProjectorFixture (${serverUrl ? 'PostgreSQL' : 'PGlite'})`, () => {
  let client: SqlClient;

  beforeAll(async () => {
    client = serverUrl ? createSqlClient(serverUrl) : createSqlClient({ pglite: 'memory://' });
    await client.query(`create schema ${schema}`);
    await client.query(`create table ${table} (wallet_id text primary key, balance integer not null)`);
  });

  afterAll(async () => {
    await client.query(`drop schema ${schema} cascade`);
    await client.close();
  });

  it('shows the rows the projector wrote, inside its transaction', async () => {
    const rows = await transactionalProjectorFixture(SqlBalances, client)
      .given(WalletOpened({ walletId: 'w1', owner: 'Ada' }), WalletOpened({ walletId: 'w2', owner: 'Bob' }), Credited({ walletId: 'w1', amount: 70 }))
      .inspect((tx) => balances(tx));
    expect(rows).toEqual([
      ['w1', 70],
      ['w2', 0],
    ]);
  });

  it('rolls the writes back afterwards: the table is as it was', async () => {
    await client.query(`insert into ${table} (wallet_id, balance) values ('kept', 5)`);
    const inside = await transactionalProjectorFixture(SqlBalances, client)
      .given(WalletOpened({ walletId: 'w1', owner: 'Ada' }), Credited({ walletId: 'kept', amount: 1 }))
      .inspect((tx) => balances(tx));
    expect(inside).toEqual([
      ['kept', 6],
      ['w1', 0],
    ]);
    expect(await balances(client)).toEqual([['kept', 5]]);
    await client.query(`delete from ${table}`);
  });

  it('rejects with the first handler error and leaves nothing behind', async () => {
    const fixture = transactionalProjectorFixture(SqlBalances, client).given(
      WalletOpened({ walletId: 'w1', owner: 'Ada' }),
      Credited({ walletId: 'ghost', amount: 1 }),
    );
    await expect(fixture.inspect((tx) => balances(tx))).rejects.toThrow('no wallet ghost');
    expect(await balances(client)).toEqual([]);
  });
});

describe(`transactionalProjectorFixture with prepare (${serverUrl ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('creates tables and seeds rows in the same transaction, and rolls them back too', async () => {
    const client = serverUrl ? createSqlClient(serverUrl) : createSqlClient({ pglite: 'memory://' });
    const otherSchema = `fixture_${randomBytes(6).toString('hex')}`;
    try {
      const rows = await transactionalProjectorFixture(SqlBalancesIn(otherSchema), client, {
        prepare: async (tx) => {
          await tx.query(`create schema ${otherSchema}`);
          await tx.query(`create table ${otherSchema}.balances (wallet_id text primary key, balance integer not null)`);
          await tx.query(`insert into ${otherSchema}.balances values ('seeded', 1)`);
        },
      })
        .given(Credited({ walletId: 'seeded', amount: 2 }))
        .inspect((tx) => tx.query<{ balance: number }>(`select balance from ${otherSchema}.balances`));
      expect(rows.rows).toEqual([{ balance: 3 }]);
      const left = await client.query(`select 1 from information_schema.schemata where schema_name = $1`, [otherSchema]);
      expect(left.rowCount).toBe(0);
    } finally {
      await client.query(`drop schema if exists ${otherSchema} cascade`);
      await client.close();
    }
  });
});

function SqlBalancesIn(schemaName: string): SubscriberClass {
  @Projector({ name: 'sql-balances-elsewhere', transactional: true })
  class Elsewhere {
    @On(Credited)
    async credited(event: DecodedEvent<typeof Credited>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
      await ctx.tx.query(`update ${schemaName}.balances set balance = balance + $2 where wallet_id = $1`, [event.data.walletId, event.data.amount]);
    }
  }
  return Elsewhere;
}
