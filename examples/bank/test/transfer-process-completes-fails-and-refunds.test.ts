import type { RecordedEvent } from '@factum/event-store';
import { CloseAccount, Deposit, OpenAccount } from '../src/accounts/account-messages';
import { BankAccount } from '../src/accounts/bank-account';
import { startInMemoryBank, type InMemoryBank } from '../src/bank-app';
import { Transfer } from '../src/transfers/transfer';
import { RequestTransfer } from '../src/transfers/transfer-messages';
import { waitForProjections } from '../src/wait-for-projections';
import { watchTransferOutcomes, type TransferOutcomes } from './transfer-outcomes';

describe('the transfer process manager (in memory)', () => {
  let bank: InMemoryBank;
  let outcomes: TransferOutcomes;
  let failures: string[];

  beforeEach(async () => {
    bank = await startInMemoryBank();
    failures = [];
    bank.app.subscribers.errors$.subscribe((failure) => failures.push(`${failure.subscriber}: ${String(failure.error)}`));
    outcomes = watchTransferOutcomes(bank.app);
    await bank.app.dispatch(OpenAccount({ accountId: 'alice', owner: 'Alice' }));
    await bank.app.dispatch(OpenAccount({ accountId: 'bob', owner: 'Bob' }));
    await bank.app.dispatch(Deposit({ accountId: 'alice', amount: 1_000 }));
  });

  afterEach(async () => {
    outcomes.stop();
    // Handled once, without a single failed attempt: a retried handler would hide a bug here.
    await waitForProjections(bank.app);
    const status = (await bank.app.subscribers.status()).find((subscriber) => subscriber.name === 'transfers');
    await bank.app.stop();
    expect(failures).toEqual([]);
    expect(status?.state).toBe('live');
  });

  const balance = async (accountId: string): Promise<number | undefined> => (await bank.app.load(BankAccount, accountId))?.balance;

  async function conversation(correlationId: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of bank.app.store.readAll()) if (event.correlationId === correlationId) events.push(event);
    return events;
  }

  it('withdraws, deposits and completes, every step in one correlated conversation', async () => {
    const requested = await bank.app.dispatch(RequestTransfer({ transferId: 't1', from: 'alice', to: 'bob', amount: 300 }));
    expect(await outcomes.of('t1')).toEqual({ type: 'TransferCompleted', reason: undefined, refunded: undefined });
    expect(await balance('alice')).toBe(700);
    expect(await balance('bob')).toBe(300);
    expect((await bank.app.load(Transfer, 't1'))?.status).toBe('completed');

    const events = await conversation(requested.events[0]!.correlationId!);
    expect(events.map((event) => `${event.type} ${event.streamId}`)).toEqual([
      'TransferRequested transfer-t1',
      'MoneyWithdrawn account-alice',
      'MoneyDeposited account-bob',
      'TransferCompleted transfer-t1',
    ]);
    // Each step was caused by the event before it (stored as the command's causation).
    for (let step = 1; step < events.length; step++) {
      expect(events[step]!.metadata['commandCausationId']).toBe(events[step - 1]!.eventId);
    }
  });

  it('fails without moving money when the source has too little', async () => {
    await bank.app.dispatch(RequestTransfer({ transferId: 't2', from: 'alice', to: 'bob', amount: 1_001 }));
    expect(await outcomes.of('t2')).toEqual({ type: 'TransferFailed', reason: 'InsufficientFunds', refunded: false });
    expect(await balance('alice')).toBe(1_000);
    expect(await balance('bob')).toBe(0);
  });

  it.each([
    ['closed', 'AccountClosed'],
    ['missing', 'AccountNotFound'],
  ])('refunds the source when the target is %s, then fails', async (kind, reason) => {
    const target = kind === 'closed' ? 'carol' : 'nobody';
    if (kind === 'closed') {
      await bank.app.dispatch(OpenAccount({ accountId: 'carol', owner: 'Carol' }));
      await bank.app.dispatch(CloseAccount({ accountId: 'carol' }));
    }
    const requested = await bank.app.dispatch(RequestTransfer({ transferId: 't3', from: 'alice', to: target, amount: 250 }));
    expect(await outcomes.of('t3')).toEqual({ type: 'TransferFailed', reason, refunded: true });
    expect(await balance('alice')).toBe(1_000);
    const events = await conversation(requested.events[0]!.correlationId!);
    expect(events.map((event) => `${event.type} ${event.streamId}`)).toEqual([
      'TransferRequested transfer-t3',
      'MoneyWithdrawn account-alice',
      'MoneyDeposited account-alice', // the compensation
      'TransferFailed transfer-t3',
    ]);
    // The refused deposit stored nothing, but the refund names it: the log shows the attempt.
    expect(events[2]!.metadata).toMatchObject({ commandType: 'RefundTransfer', refusedCommands: [{ type: 'Deposit', code: reason }] });
    expect(events[1]!.metadata['refusedCommands']).toBeUndefined();
  });

  it('ignores ordinary deposits and withdrawals that belong to no transfer', async () => {
    await bank.app.dispatch(RequestTransfer({ transferId: 't4', from: 'alice', to: 'bob', amount: 100 }));
    await bank.app.dispatch(Deposit({ accountId: 'bob', amount: 5 }));
    await outcomes.of('t4');
    expect(await balance('bob')).toBe(105);
    expect(await balance('alice')).toBe(900);
  });

  it('keeps the in-memory read models in step with the accounts', async () => {
    await bank.app.dispatch(RequestTransfer({ transferId: 't5', from: 'alice', to: 'bob', amount: 400 }), { consistency: 'strong' });
    await outcomes.of('t5');
    // The last steps were dispatched by the process manager: wait for the projectors to reach them.
    await waitForProjections(bank.app);
    expect(bank.balances.get('alice')?.balance).toBe(600);
    expect(bank.balances.get('bob')?.balance).toBe(400);
    expect(bank.transfers.get('t5')).toMatchObject({ status: 'completed', from: 'alice', to: 'bob', amount: 400 });
  });
});
