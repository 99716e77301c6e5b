import { z } from 'zod';
import type { EventStore } from '@factum/event-store';
import {
  Aggregate,
  AggregateRoot,
  Apply,
  CommandHandler,
  defineCommand,
  defineEvent,
  On,
  Projector,
  type CommandOf,
  type DecodedEvent,
  type ProjectionContext,
  type ProjectorOptions,
} from '@factum/core';
import type { SqlTransaction } from '../../src/client/sql-client';

export const Deposited = defineEvent('Deposited', z.object({ account: z.string(), amount: z.number() }));

/** The read model of `transactionalLedger`: one row per event applied, counting how often it was applied. */
export function ledgerTables(schema: string, table: string): string[] {
  return [
    `create table if not exists "${schema}"."${table}" (event_id text primary key, account text not null, amount integer not null, applied integer not null)`,
    `create table if not exists "${schema}"."${table}_balances" (account text primary key, balance integer not null)`,
  ];
}

/**
 * A transactional projector class writing to `<table>` and `<table>_balances` in `schema`, through
 * the unit of work's transaction. `hooks.onEvent` runs after each event's writes (tests use it to
 * pause or report mid-batch).
 */
export function transactionalLedger(
  name: string,
  schema: string,
  table: string,
  hooks: { onEvent?: (event: DecodedEvent<typeof Deposited>) => Promise<void> | void } & Partial<ProjectorOptions> = {},
) {
  const q = `"${schema}"."${table}"`;
  const b = `"${schema}"."${table}_balances"`;
  const { onEvent, ...options } = hooks;
  @Projector({ name, transactional: true, retry: { maxAttempts: 2, initialDelayMs: 1 }, ...options })
  class Ledger {
    @On(Deposited)
    async deposited(event: DecodedEvent<typeof Deposited>, ctx: ProjectionContext<SqlTransaction>): Promise<void> {
      await ctx.tx.query(
        `insert into ${q} (event_id, account, amount, applied) values ($1, $2, $3, 1)
         on conflict (event_id) do update set applied = ${q}.applied + 1`,
        [event.eventId, event.data.account, event.data.amount],
      );
      await ctx.tx.query(`insert into ${b} (account, balance) values ($1, $2) on conflict (account) do update set balance = ${b}.balance + excluded.balance`, [
        event.data.account,
        event.data.amount,
      ]);
      await onEvent?.(event);
    }

    async reset(ctx: ProjectionContext<SqlTransaction>): Promise<void> {
      await ctx.tx.query(`truncate ${q}, ${b}`);
    }
  }
  return Ledger;
}

export const Deposit = defineCommand('Deposit', z.object({ account: z.string(), amount: z.number().int() }));

@Aggregate({ category: 'wallet' })
export class Wallet extends AggregateRoot {
  @CommandHandler(Deposit, { id: (c) => c.account })
  deposit(command: CommandOf<typeof Deposit>): void {
    this.emit(Deposited(command));
  }

  @Apply(Deposited)
  protected deposited(): void {}
}

/** Appends `count` Deposited events straight to the store, `perAppend` at a time, over `accounts` accounts. */
export async function appendDeposits(
  store: EventStore,
  count: number,
  options: { accounts?: number; perAppend?: number; offset?: number } = {},
): Promise<void> {
  const accounts = options.accounts ?? 10;
  const perAppend = options.perAppend ?? 50;
  const offset = options.offset ?? 0;
  for (let i = 0; i < count; i += perAppend) {
    const n = Math.min(perAppend, count - i);
    const account = `acc${(offset + i) % accounts}`;
    await store.append(
      `wallet-${account}`,
      Array.from({ length: n }, (_, j) => Deposited({ account, amount: offset + i + j })),
    );
  }
}
