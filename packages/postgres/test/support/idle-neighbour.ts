import { Client } from 'pg';

/**
 * A session that is `idle in transaction` while holding a transaction id, as batch jobs, open
 * psql sessions and migrations leave them on any shared server. `database` picks where: another
 * database on the same server, or this one (writing a table that is not Factum's).
 */
export interface IdleNeighbour {
  readonly pid: number;
  /** Whether it is still idle in transaction with its id (the test's premise still holds). */
  stillOpen(observer: { query: Client['query'] } | Client): Promise<boolean>;
  close(): Promise<void>;
}

export async function openIdleNeighbour(databaseUrl: string, where: { database: string } | { table: string }): Promise<IdleNeighbour> {
  const url = new URL(databaseUrl);
  if ('database' in where) url.pathname = `/${where.database}`;
  const client = new Client({ connectionString: url.toString(), application_name: 'factum-test-neighbour' });
  client.on('error', () => undefined);
  await client.connect();
  const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  await client.query('begin');
  if ('database' in where) {
    await client.query('create temporary table neighbour_rows (n integer)');
    await client.query('insert into neighbour_rows values (1)');
  } else {
    await client.query(`insert into ${where.table} values (1)`);
  }
  return {
    pid,
    async stillOpen(observer) {
      const { rows } = await (observer as Client).query<{ open: boolean }>(
        `select state = 'idle in transaction' and backend_xid is not null as open from pg_stat_activity where pid = $1`,
        [pid],
      );
      return rows[0]?.open === true;
    },
    async close() {
      await client.query('rollback').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
