import { On, Projector, type DecodedEvent, type ProjectionContext, type ProjectorOptions } from '@factum/core';
import type { SqlTransaction } from '../../src/client/sql-client';
import { sqlTable } from '../../src/projections/sql-table';
import { Deposited } from './subscriptions-domain';

/** The tables of `bulkLedger`: one row per event (with how often it was applied) and a balance per account. */
export function bulkLedgerTables(schema: string, table: string): string[] {
  return [
    `create table if not exists "${schema}"."${table}" (event_id text primary key, account text not null, amount integer not null, applied integer not null)`,
    `create table if not exists "${schema}"."${table}_balances" (account text primary key, balance bigint not null, deposits integer not null)`,
  ];
}

/**
 * A transactional projector that writes its two tables only through staged bulk writes: an
 * event row (`applied` counts how often it was applied, so a duplicate shows) and an upserted
 * balance per account. `hooks.onEvent` runs after each event is staged.
 */
export function bulkLedger(
  name: string,
  schema: string,
  table: string,
  hooks: { onEvent?: (event: DecodedEvent<typeof Deposited>) => Promise<void> | void } & Partial<ProjectorOptions> = {},
) {
  const events = sqlTable<{ event_id: string; account: string; amount: number; applied: number }>({
    name: `${schema}.${table}`,
    key: ['event_id'],
    columns: { event_id: 'text', account: 'text', amount: 'integer', applied: 'integer' },
  });
  const balances = sqlTable<{ account: string; balance: number; deposits: number }>({
    name: `${schema}.${table}_balances`,
    key: ['account'],
    columns: { account: 'text', balance: 'bigint', deposits: 'integer' },
  });
  const { onEvent, ...options } = hooks;
  @Projector({ name, transactional: true, retry: { maxAttempts: 2, initialDelayMs: 1 }, ...options })
  class BulkLedger {
    @On(Deposited)
    async deposited(event: DecodedEvent<typeof Deposited>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
      const { account, amount } = event.data;
      events.in(ctx.tx).upsert({ event_id: event.eventId, account, amount, applied: 1 }, { add: ['applied'] });
      balances.in(ctx.tx).upsert({ account, balance: amount, deposits: 1 }, { add: ['balance', 'deposits'] });
      await onEvent?.(event);
    }

    async reset(ctx: ProjectionContext<SqlTransaction>): Promise<void> {
      await ctx.tx.query(`truncate "${schema}"."${table}", "${schema}"."${table}_balances"`);
    }
  }
  return BulkLedger;
}
