/**
 * `projection-sql` on Factum: a transactional `@Projector` from the origin whose handler stages
 * an upsert per event (`sqlTable(...).in(ctx.tx).upsert(row, { add })`); each batch writes them
 * with its checkpoint, in one transaction, as an application rebuilding a read model would.
 */
import { createApp, On, Projector, type DecodedEvent, type ProjectionContext } from '@factum/core';
import { PostgresSubscriberStore, sqlTable, type PostgresEventStore, type SqlTransaction } from '@factum/postgres';
import { now } from '../../harness/concurrency.js';
import { perSecond } from '../../harness/stats.js';
import { balanceTable, checkBalances, createBalanceTable, expectedBalances, READ_BALANCES } from '../../workloads/balance-read-model.js';
import type { Figures, WorkloadContext } from '../../workloads/types.js';
import { Deposited } from './bank-account.js';

function balanceProjector(run: number, onEvent: () => void): new () => object {
  const balances = sqlTable<{ account_id: string; balance: number; deposits: number }>({
    name: balanceTable(run),
    key: ['account_id'],
    columns: { account_id: 'text', balance: 'bigint', deposits: 'integer' },
  });
  @Projector({ name: `bench-projection-sql-${run}`, startFrom: 'origin', transactional: true })
  class BalanceTable {
    @On(Deposited)
    deposited(event: DecodedEvent<typeof Deposited>, ctx: ProjectionContext<SqlTransaction>): void {
      balances.in(ctx.tx).upsert({ account_id: event.data.accountId, balance: event.data.amount, deposits: 1 }, { add: ['balance', 'deposits'] });
      onEvent();
    }
  }
  return BalanceTable;
}

export async function measureProjectionSql(context: WorkloadContext, store: PostgresEventStore): Promise<Figures> {
  const { events, streams, eventsPerAppend, batchSize } = context.params;
  await store.client.query(createBalanceTable(context.run));
  // Waiting with waitFor alone would poll the log after every batch; the handler says when the
  // last event is in its batch, and waitFor then waits for that batch to commit.
  let staged = 0;
  let allStaged: () => void = () => undefined;
  const lastStaged = new Promise<void>((resolve) => (allStaged = resolve));
  const app = await createApp({
    store,
    projectors: [balanceProjector(context.run, () => ++staged >= events! && allStaged())],
    subscriptions: { store: new PostgresSubscriberStore(store.client), batchSize: batchSize! },
  });
  const head = await store.headPosition();
  const started = now();
  await app.start();
  await lastStaged;
  await app.subscribers.waitFor(head, { timeoutMs: 600_000 });
  const elapsed = now() - started;
  await app.stop();
  const { rows } = await store.client.query<{ rows: number; balance: string; deposits: number }>(READ_BALANCES(context.run));
  return { value: perSecond(events!, elapsed), ...checkBalances(rows[0]!, expectedBalances(events!, streams!, eventsPerAppend!)) };
}
