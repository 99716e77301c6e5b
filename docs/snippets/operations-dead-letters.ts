// Compiled by `npm run typecheck` and run by the core tests, so docs/operations.md stays true.
import { InMemoryEventStore } from '@factum/event-store';
import { createApp, On, Projector, type DecodedEvent } from '@factum/core';
import { BankAccount, Deposit, MoneyDeposited, OpenAccount } from './aggregates-bank-account';

/** A projector with a bug: it cannot book deposits above 1,000 until the fix is deployed. */
@Projector({ name: 'deposit-ledger', onError: 'skip', retry: { maxAttempts: 1 } })
export class DepositLedger {
  static bugFixed = false;
  readonly booked: number[] = [];

  @On(MoneyDeposited)
  deposited(event: DecodedEvent<typeof MoneyDeposited>): void {
    if (event.data.amount > 1_000 && !DepositLedger.bugFixed) throw new Error(`cannot book ${event.data.amount}`);
    this.booked.push(event.data.amount);
  }
}

export async function deadLetterWorkflow() {
  const app = await createApp({ store: new InMemoryEventStore(), aggregates: [BankAccount], projectors: [DepositLedger] });
  await app.start();
  await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
  for (const amount of [10, 5_000, 20, 7_000, 9_000]) await app.dispatch(Deposit({ accountId: 'a1', amount }));
  await app.subscribers.waitFor(await app.store.headPosition());

  // 1. See what failed: each dead letter names its event and the error.
  const letters = await app.subscribers.deadLetters('deposit-ledger');
  const [first, second, third] = letters.sort((a, b) => a.version - b.version);

  // 2. Deploy the fix, then hand the events to the subscriber again, in the process that runs it.
  DepositLedger.bugFixed = true;
  await app.subscribers.retryDeadLetter('deposit-ledger', first!.eventId);

  // 3. Drop one on purpose: the skip is recorded with the dead letter; the event stays in the log.
  await app.subscribers.skipDeadLetter('deposit-ledger', second!.eventId);

  // 4. Or retry every dead letter of the subscriber at once.
  const report = await app.subscribers.retryDeadLetters('deposit-ledger');

  const [status] = await app.subscribers.status();
  const history = await app.subscribers.operations('deposit-ledger');
  const result = {
    booked: app.container.get(DepositLedger).booked, // [10, 20, 5000, 9000]
    retriedAll: report.retried.length === 1 && report.retried[0] === third!.eventId, // true
    left: (await app.subscribers.deadLetters('deposit-ledger')).length, // 0
    state: status!.state, // 'live'
    lag: status!.lag, // 0
    kinds: history.map((operation) => `${operation.kind}:${operation.state}`), // newest first
  };
  await app.stop();
  return result;
}
