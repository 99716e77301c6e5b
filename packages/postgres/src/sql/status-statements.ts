import type { StoreSchema } from '../schema/store-schema';
import { appenderLocksRelation } from './horizon-statement';

/**
 * The head below the horizon ($1, from `horizonStatement`) and the committed events waiting at
 * or above it, in one statement (one snapshot), so the figures agree with each other.
 */
export function heldBackStatement(schema: StoreSchema): string {
  return `with head as (
      select e.transaction_id, e.position from ${schema.qualify('events')} e
      where e.transaction_id < $1::xid8 order by e.transaction_id desc, e.position desc limit 1
    ),
    held as (
      select count(*) as n from (
        select 1 from ${schema.qualify('events')} e where e.transaction_id >= $1::xid8 limit $2
      ) waiting
    )
    select head.transaction_id::text as head_transaction_id, head.position::text as head_position, held.n::text as held_back
    from held left join head on true`;
}

export interface HorizonHolderRow {
  pid: number | null;
  database: string | null;
  user_name: string | null;
  application_name: string | null;
  state: string | null;
  transaction_id: string | null;
  transaction_age: string | number | null;
  transaction_started_at: Date | null;
  query_started_at: Date | null;
  query: string | null;
  holds_horizon: boolean;
}

/**
 * The open appends of this store (the only transactions that hold its readers back), oldest
 * first: each backend holding one of its appender locks. `backend_xid` is the 32-bit form of
 * the id, so it is compared with the horizon ($1) modulo 2^32. An appender without an id yet
 * holds nothing back; a prepared one (no backend) holds back everything after the oldest
 * running transaction.
 */
export function horizonHoldersStatement(schema: StoreSchema): string {
  return `with appenders as (select distinct l.pid from ${appenderLocksRelation(schema)} l)
    select ap.pid, a.datname::text as database, a.usename::text as user_name, a.application_name,
      case when ap.pid is null then 'prepared' else a.state end as state,
      a.backend_xid::text as transaction_id, age(a.backend_xid) as transaction_age,
      a.xact_start as transaction_started_at, a.query_start as query_started_at, left(a.query, 200) as query,
      coalesce(a.backend_xid::text = ($1::numeric % 4294967296)::text, ap.pid is null) as holds_horizon
    from appenders ap left join pg_stat_activity a on a.pid = ap.pid
    order by age(a.backend_xid) desc nulls last
    limit 5`;
}
