import type { AppOptions, SubscriberClass } from '@factum/core';
import { feedProjector, type GivenEvent } from './feed-projector';
import { RolledBackSubscriberStore } from './rolled-back-subscriber-store';

/**
 * Anything that runs work in one transaction and rolls it back when the work throws: a
 * `SqlClient` from `@factum/postgres` (over pg or PGlite) is one.
 */
export interface TransactionRunner<Tx> {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface TransactionalProjectorFixtureOptions<Tx> {
  /** The container to resolve the projector from, for projectors with injected services. */
  container?: AppOptions['container'];
  /**
   * Runs first, in the same transaction: create the read model's tables here (they are rolled
   * back too), or seed rows. A temporary table shadows a permanent one of the same unqualified
   * name, so tests sharing a database never see each other's rows.
   */
  prepare?: (tx: Tx) => Promise<unknown>;
}

export interface TransactionalProjection<P extends object, Tx> {
  /**
   * Reads the read model inside the transaction the projector wrote in, before it is rolled
   * back; resolves with what `read` returned. Rejects with the first handler error.
   */
  inspect<R>(read: (tx: Tx, projector: P) => Promise<R>): Promise<R>;
}

export interface TransactionalProjectorFixture<P extends object, Tx> {
  given(...events: GivenEvent[]): TransactionalProjection<P, Tx>;
}

/** Carries the result out of the transaction while making it roll back. */
class RollBack<R> {
  constructor(readonly result: R) {}
}

/**
 * Feeds events to a transactional projector (`@Projector({ transactional: true })`) inside one
 * database transaction, lets you query its tables in that transaction, then rolls it back: the
 * database is left as it was, so tests can share one without cleaning up. The tables must exist,
 * or be created by `prepare`.
 */
export function transactionalProjectorFixture<P extends object, Tx>(
  projector: SubscriberClass<P>,
  database: TransactionRunner<Tx>,
  options: TransactionalProjectorFixtureOptions<Tx> = {},
): TransactionalProjectorFixture<P, Tx> {
  return {
    given: (...events) => ({
      async inspect<R>(read: (tx: Tx, projector: P) => Promise<R>): Promise<R> {
        try {
          await database.transaction(async (tx) => {
            await options.prepare?.(tx);
            const instance = await feedProjector(projector, events, {
              ...(options.container ? { container: options.container } : {}),
              subscriberStore: new RolledBackSubscriberStore(tx),
              // One outer transaction holds every unit of work, so a unit cannot roll back on its
              // own: a failing batch must never be redone, hence one event per unit.
              batchSize: 1,
            });
            throw new RollBack(await read(tx, instance));
          });
        } catch (outcome) {
          if (outcome instanceof RollBack) return outcome.result as R;
          throw outcome;
        }
        throw new Error('The transaction runner committed instead of rolling back on a thrown error.');
      },
    }),
  };
}
