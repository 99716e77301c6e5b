import type { EventStore } from '@factum/event-store';
import type { TestDatabase } from './subscriptions-database';

export type Balances = Map<string, number>;

/** The ledger read model's balance per account (`table` in the test schema: one row per event applied). */
export async function ledgerBalances(db: TestDatabase, table = 'ledger'): Promise<Balances> {
  const { rows } = await db.client.query<{ account: string; balance: string }>(
    `select account, sum(amount)::text as balance from "${db.schema}"."${table}" group by account`,
  );
  return new Map(rows.map((row) => [row.account, Number(row.balance)]));
}

/** The balance per account folded from the whole log (`{ account, amount }` events): what the read model must equal. */
export async function foldedBalances(store: EventStore): Promise<Balances> {
  const reference: Balances = new Map();
  for await (const event of store.readAll()) {
    const { account, amount } = event.data as { account: string; amount: number };
    reference.set(account, (reference.get(account) ?? 0) + amount);
  }
  return reference;
}
