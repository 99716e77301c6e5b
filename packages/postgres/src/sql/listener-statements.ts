import type { StoreSchema } from '../schema/store-schema';

/**
 * Listeners of a store announce themselves, so that appenders NOTIFY only while someone in
 * another session listens (notifications/append-notifier.ts). A LISTEN session holds a
 * session-level, shared advisory lock `(listenerLockClass, 0)` for as long as it lives; the server
 * releases it when the session ends, however it ends. In `pg_locks` it shows as
 * `locktype = 'advisory'`, `classid = <class>::oid`, `objid = 0`, `objsubid = 2`, in this
 * database only.
 */
export function listenerLockClass(schema: StoreSchema): string {
  return `hashtext('factum.listeners.${schema.name}')`;
}

/** Taken by a LISTEN session before it LISTENs; shared, so any number of listeners hold it at once. */
export function announceListenerStatement(schema: StoreSchema): string {
  return `select pg_advisory_lock_shared(${listenerLockClass(schema)}, 0)`;
}

/** Whether a session other than `$1` (the asking store's own LISTEN session, 0 for none) listens. */
export function otherListenersStatement(schema: StoreSchema): string {
  return `select exists (
      select 1 from pg_locks l
      where l.locktype = 'advisory' and l.objsubid = 2 and l.objid = 0 and l.classid = ${listenerLockClass(schema)}::oid and l.granted
        and l.database = (select d.oid from pg_database d where d.datname = current_database())
        and l.pid <> $1::integer
    ) as listening`;
}
