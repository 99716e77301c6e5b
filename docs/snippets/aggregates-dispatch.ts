// Compiled by `npm run typecheck` and run by the core tests, so docs/aggregates-and-commands.md stays true.
import { InMemoryEventStore } from '@factum/event-store';
import { createApp, isDomainError, ValidationError, type Command } from '@factum/core';
import { BankAccount, Deposit, OpenAccount, Withdraw } from './aggregates-bank-account';

export async function dispatchCommands(): Promise<{ balance: number; refused: string; repeated: boolean }> {
  const app = await createApp({ store: new InMemoryEventStore(), aggregates: [BankAccount] });

  const opened = await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
  // opened: { streamId: 'account-a1', version: 1, position, events: [AccountOpened], commandId, alreadyHandled: false }
  void opened;

  // Idempotent by command id: the second dispatch returns the first one's result, appends nothing.
  await app.dispatch(Deposit({ accountId: 'a1', amount: 100 }), { commandId: 'deposit-2024-001' });
  const again = await app.dispatch(Deposit({ accountId: 'a1', amount: 100 }), { commandId: 'deposit-2024-001' });

  // A business refusal rejects with the handler's DomainError; nothing is appended.
  let refused = '';
  try {
    await app.dispatch(Withdraw({ accountId: 'a1', amount: 500 }));
  } catch (error) {
    if (isDomainError(error, 'InsufficientFunds')) refused = error.code;
    else throw error;
  }

  // Invalid data (here from an untyped source) is a ValidationError listing every issue.
  const fromHttp = { type: 'Deposit', data: { accountId: 'a1', amount: -5 } } as Command;
  await app.dispatch(fromHttp).catch((error: unknown) => {
    if (!(error instanceof ValidationError)) throw error;
    // error.issues: [{ path: ['amount'], message: 'Too small: expected number to be >0', code: 'too_small' }]
  });

  const account = await app.load(BankAccount, 'a1'); // a read-only copy of the current state
  return { balance: account?.balance ?? 0, refused, repeated: again.alreadyHandled };
}

export async function conversation(app: Awaited<ReturnType<typeof createApp>>, transferId: string, causedBy: string): Promise<void> {
  // A step of a longer conversation: the events carry correlationId = transferId and metadata.
  await app.dispatch(Withdraw({ accountId: 'a1', amount: 10 }), {
    commandId: `${transferId}:withdraw`,
    correlationId: transferId,
    causationId: causedBy,
    metadata: { userId: 'teller-7' },
  });
}

export async function historic(app: Awaited<ReturnType<typeof createApp>>): Promise<Array<number | undefined>> {
  const now = await app.load(BankAccount, 'a1'); // now
  const third = await app.load(BankAccount, 'a1', { version: 3 }); // after its third event
  const march = await app.load(BankAccount, 'a1', { at: new Date('2024-03-01') }); // on 1 March
  return [now?.balance, third?.balance, march?.balance];
}
