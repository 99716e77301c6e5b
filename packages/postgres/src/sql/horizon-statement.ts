import type { StoreSchema } from '../schema/store-schema';

/**
 * The advisory-lock namespace of a store's appenders: every append takes a transaction-scoped
 * lock `(appenderLockClass, hashtext(streamId))` before its transaction has an id, and holds it
 * until the transaction ends. In `pg_locks` such a lock shows as `locktype = 'advisory'`,
 * `classid = <this>::oid`, `objsubid = 2`, in this database only.
 */
export function appenderLockClass(schema: StoreSchema): string {
  return `hashtext('factum.streams.${schema.name}')`;
}

/** The lock rows of this store's appenders (see `appenderLockClass`). */
export function appenderLocksRelation(schema: StoreSchema): string {
  return `(select l.pid from pg_locks l
    where l.locktype = 'advisory' and l.objsubid = 2 and l.classid = ${appenderLockClass(schema)}::oid
      and l.database = (select d.oid from pg_database d where d.datname = current_database()))`;
}

/**
 * A 32-bit `xid` as the full `xid8` it belongs to, `next` being a full transaction id of now: the
 * one within 2^31 of `next` (running transactions always are; wraparound protection sees to it).
 */
export function fullXid(xid: string, next: string): string {
  return `(${next} + ((${xid}::text::bigint - (${next} & 4294967295) + 6442450944) % 4294967296) - 2147483648)`;
}

/**
 * The readable horizon: the log below it is final. Readers read `transaction_id < horizon` in a
 * *later* statement (its snapshot is taken after this one ran), and wait for nothing else but
 * this store's appenders. Why that never skips an event (docs/postgres.md, "How ordering
 * works"): take an append T whose transaction id x is below the horizon H.
 * - If T held its appender lock when `pg_locks` was read, H <= x when T already had its id
 *   (`pg_stat_activity.backend_xid` is set before the id is handed out), and when it had none
 *   yet, x >= the next id at that moment >= this statement's snapshot xmax >= H. Both contradict
 *   x < H.
 * - If T had not taken its lock yet, it takes it before it has an id (an append refuses a
 *   transaction that already has one and is not an appender yet), so again x >= xmax >= H.
 * - So T had released its lock, which Postgres does only after the commit is visible: the
 *   later read's snapshot sees every event of T.
 * Transactions that never append (idle sessions, other databases, read models, vacuum) are
 * not in `pg_locks` under this class, so they hold nothing back. A prepared transaction that
 * appended has no backend to take its id from: while one exists, the horizon falls back to the
 * oldest running transaction, as before.
 */
export function horizonStatement(schema: StoreSchema): string {
  return `with now as materialized (
      select pg_snapshot_xmax(pg_current_snapshot())::text::bigint as next, pg_snapshot_xmin(pg_current_snapshot())::text::bigint as oldest
    ),
    appenders as materialized (
      select l.pid, a.backend_xid from ${appenderLocksRelation(schema)} l left join pg_stat_activity a on a.pid = l.pid
    )
    select least(
      n.next,
      (select min(${fullXid('ap.backend_xid', 'n.next')}) from appenders ap where ap.backend_xid is not null),
      (select n.oldest where exists (select 1 from appenders ap where ap.pid is null))
    )::text as horizon
    from now n`;
}
