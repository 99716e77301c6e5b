// Compiled by `npm run typecheck`, so the snippets in docs/event-store.md stay true.
import {
  InMemoryEventStore,
  isFactumError,
  WrongExpectedVersionError,
  type GlobalPosition,
} from '@factum/event-store';

export async function appendAndRead(store: InMemoryEventStore): Promise<number> {
  await store.append('account-42', [{ type: 'AccountOpened', data: { owner: 'Ada' } }], { expectedVersion: 'no-stream' });
  try {
    await store.append('account-42', [{ type: 'MoneyDeposited', data: { amount: 10 } }], { expectedVersion: 1 });
  } catch (error) {
    if (isFactumError(error, WrongExpectedVersionError.code)) {
      // Someone else wrote first: reload the stream and decide again.
    }
    throw error;
  }
  let balance = 0;
  for await (const event of store.readStream('account-42')) {
    if (event.type === 'MoneyDeposited') balance += (event.data as { amount: number }).amount;
  }
  return balance;
}

export function follow(store: InMemoryEventStore, checkpoint: GlobalPosition | null): () => void {
  const subscription = store
    .subscribe({ from: checkpoint ?? 'origin', filter: { categories: ['account'] } })
    .subscribe((event) => {
      // Handle the event, then persist event.position as the new checkpoint.
      void event.position;
    });
  return () => subscription.unsubscribe();
}
