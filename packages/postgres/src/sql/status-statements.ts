import type { StoreSchema } from '../schema/store-schema';

/**
 * The horizon, the head and the committed events waiting above the horizon, in one statement
 * (one snapshot), so the three figures agree with each other.
 */
export function heldBackStatement(schema: StoreSchema): string {
  return `with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin),
    head as (
      select e.transaction_id, e.position from ${schema.qualify('events')} e, horizon h
      where e.transaction_id < h.xmin order by e.transaction_id desc, e.position desc limit 1
    ),
    held as (
      select count(*) as n from (
        select 1 from ${schema.qualify('events')} e, horizon h where e.transaction_id >= h.xmin limit $1
      ) waiting
    )
    select h.xmin::text as horizon, head.transaction_id::text as head_transaction_id, head.position::text as head_position,
      held.n::text as held_back
    from horizon h cross join held left join head on true`;
}

export interface HorizonHolderRow {
  pid: number | null;
  database: string | null;
  user_name: string | null;
  application_name: string | null;
  state: string | null;
  transaction_id: string;
  transaction_age: string | number;
  transaction_started_at: Date | null;
  query_started_at: Date | null;
  query: string | null;
  holds_horizon: boolean;
}

/**
 * Open transactions that have a transaction id (only those hold the horizon; read-only ones do
 * not), prepared transactions included, oldest first. `backend_xid` is the 32-bit form of the
 * id, so the horizon is compared modulo 2^32.
 */
export function horizonHoldersStatement(): string {
  return `with horizon as (select (pg_snapshot_xmin(pg_current_snapshot())::text::numeric % 4294967296)::text as xid32),
    holders as (
      select a.pid, a.datname::text as database, a.usename::text as user_name, a.application_name, a.state,
        a.backend_xid::text as transaction_id, age(a.backend_xid) as transaction_age,
        a.xact_start as transaction_started_at, a.query_start as query_started_at, left(a.query, 200) as query
      from pg_stat_activity a
      where a.backend_xid is not null and a.pid <> pg_backend_pid()
      union all
      select null, p.database::text, p.owner::text, null, 'prepared', p.transaction::text, age(p.transaction),
        p.prepared, null, 'PREPARE TRANSACTION ' || quote_literal(p.gid)
      from pg_prepared_xacts p
    )
    select holders.*, holders.transaction_id = horizon.xid32 as holds_horizon
    from holders, horizon
    order by holders.transaction_age desc
    limit 5`;
}
