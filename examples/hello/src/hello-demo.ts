import { InMemoryEventStore, isFactumError, WrongExpectedVersionError, type RecordedEvent } from '@factum/event-store';

type AccountEvent = RecordedEvent<'AccountOpened', { owner: string }> | RecordedEvent<'MoneyDeposited', { amount: number }>;

/** Folds an account's events into its balance: state is only ever derived from the facts. */
function balanceOf(events: readonly AccountEvent[]): number {
  return events.reduce((balance, event) => (event.type === 'MoneyDeposited' ? balance + event.data.amount : balance), 0);
}

/**
 * The smallest tour of the event store: open an account stream, deposit twice with optimistic
 * concurrency, read the stream back, and see a stale write refused.
 */
export async function runHelloDemo(print: (line: string) => void): Promise<{ balance: number; version: number }> {
  const store = new InMemoryEventStore();
  try {
    const stream = 'account-ada';
    await store.append(stream, [{ type: 'AccountOpened', data: { owner: 'Ada' } }], { expectedVersion: 'no-stream' });
    await store.append(stream, [{ type: 'MoneyDeposited', data: { amount: 100 } }], { expectedVersion: 1 });
    const { version } = await store.append(stream, [{ type: 'MoneyDeposited', data: { amount: 42 } }], { expectedVersion: 2 });

    const events: AccountEvent[] = [];
    for await (const event of store.readStream(stream)) {
      events.push(event as AccountEvent);
      print(`  v${event.version} ${event.type} ${JSON.stringify(event.data)}`);
    }
    const balance = balanceOf(events);
    print(`${stream} is at version ${version} with a balance of ${balance}`);

    try {
      await store.append(stream, [{ type: 'MoneyDeposited', data: { amount: 1 } }], { expectedVersion: 1 });
    } catch (error) {
      if (!isFactumError(error, WrongExpectedVersionError.code)) throw error;
      print(`a stale write is refused: ${error.code}`);
    }
    return { balance, version };
  } finally {
    await store.close();
  }
}
