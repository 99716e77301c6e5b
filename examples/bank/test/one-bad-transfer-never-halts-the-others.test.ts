// The issue that led here: one transfer to an id the account refuses withdrew the money, failed
// to deposit it, never refunded it, and halted the transfer process for every later transfer.
import { InMemoryEventStore, type AppendOptions, type AppendResult, type NewEvent } from '@factum/event-store';
import { createApp, type App } from '@factum/core';
import { Deposit, OpenAccount } from '../src/accounts/account-messages';
import { BankAccount } from '../src/accounts/bank-account';
import { startInMemoryBank, type InMemoryBank } from '../src/bank-app';
import { InMemoryTransferStatus } from '../src/read-models/memory/in-memory-transfer-status';
import { failDeadLetteredTransfers, PROCESS_FAILED } from '../src/transfers/dead-lettered-transfers';
import { Transfer } from '../src/transfers/transfer';
import { RequestTransfer, TransferRequested } from '../src/transfers/transfer-messages';
import { TransferProcess } from '../src/transfers/transfer-process';
import { waitForProjections } from '../src/wait-for-projections';
import { watchTransferOutcomes, type TransferOutcomes } from './transfer-outcomes';

/** A store whose appends to one stream fail with a plain TypeError once cursed: a bug, not an outage. */
class CursedStore extends InMemoryEventStore {
  cursed: string | null = null;
  override append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    if (streamId === this.cursed) return Promise.reject(new TypeError(`cannot read properties of undefined (appending to ${streamId})`));
    return super.append(streamId, events, options);
  }
}

/** A transfer stored before the id rules existed: the event as it was appended then, straight to the store. */
async function requestedBeforeTheRules(app: App, transferId: string, to: string, amount: number): Promise<void> {
  const event = TransferRequested({ transferId, from: 'alice', to, amount });
  await app.store.append(`transfer-${transferId}`, [{ type: event.type, data: event.data, correlationId: `conversation-${transferId}` }]);
}

const balance = async (app: App, accountId: string): Promise<number | undefined> => (await app.load(BankAccount, accountId))?.balance;
const processState = async (app: App): Promise<string | undefined> => (await app.subscribers.status()).find((status) => status.name === 'transfers')?.state;

describe('one bad transfer', () => {
  let store: CursedStore;
  let bank: InMemoryBank;
  let outcomes: TransferOutcomes;

  beforeEach(async () => {
    store = new CursedStore();
    bank = await startInMemoryBank(store);
    outcomes = watchTransferOutcomes(bank.app);
    for (const accountId of ['alice', 'bob', 'cursed']) await bank.app.dispatch(OpenAccount({ accountId, owner: accountId }));
    await bank.app.dispatch(Deposit({ accountId: 'alice', amount: 1_000 }));
  });

  afterEach(async () => {
    outcomes.stop();
    await bank.close();
  });

  it.each([
    ['a trailing space', 'acc5 '],
    ['995 characters', 'a'.repeat(995)],
  ])('to an id with %s is refunded, and the transfers after it complete', async (_what, to) => {
    await requestedBeforeTheRules(bank.app, 'old-1', to, 100);
    await bank.app.dispatch(RequestTransfer({ transferId: 'next', from: 'alice', to: 'bob', amount: 30 }));

    expect(await outcomes.of('old-1')).toEqual({ type: 'TransferFailed', reason: 'VALIDATION_FAILED', refunded: true });
    expect(await outcomes.of('next')).toMatchObject({ type: 'TransferCompleted' });
    expect(await balance(bank.app, 'alice')).toBe(970);
    expect(await balance(bank.app, 'bob')).toBe(30);
    expect(await processState(bank.app)).toBe('live');
    expect(await bank.app.subscribers.deadLetters('transfers')).toEqual([]);
  });

  it('whose step still fails is dead-lettered and reported failed; the process goes on with the others', async () => {
    store.cursed = 'account-cursed';
    await bank.app.dispatch(RequestTransfer({ transferId: 'doomed', from: 'alice', to: 'cursed', amount: 100 }));
    await bank.app.dispatch(RequestTransfer({ transferId: 'after', from: 'alice', to: 'bob', amount: 30 }));

    // After its retries (about 1.5 s of backoff) the failing step is skipped, not the whole process halted.
    expect(await outcomes.of('doomed', 20_000)).toEqual({ type: 'TransferFailed', reason: PROCESS_FAILED, refunded: false });
    expect(await outcomes.of('after', 20_000)).toMatchObject({ type: 'TransferCompleted' });
    expect(await processState(bank.app)).toBe('live');
    const letters = await bank.app.subscribers.deadLetters('transfers');
    expect(letters.map((letter) => [letter.eventType, letter.error.name])).toEqual([['MoneyWithdrawn', 'TypeError']]);
    // The money that left alice for the doomed transfer is not silently put back: the dead letter says where it stopped.
    expect(await balance(bank.app, 'alice')).toBe(870);
  }, 30_000);

  it('without a correlation id (no instance can be found) is dead-lettered and reported failed, not a halt', async () => {
    const event = TransferRequested({ transferId: 'lost', from: 'alice', to: 'bob', amount: 10 });
    await bank.app.store.append('transfer-lost', [{ type: event.type, data: event.data }]);
    await bank.app.dispatch(RequestTransfer({ transferId: 'after', from: 'alice', to: 'bob', amount: 30 }));
    expect(await outcomes.of('lost', 20_000)).toEqual({ type: 'TransferFailed', reason: PROCESS_FAILED, refunded: false });
    expect(await outcomes.of('after', 20_000)).toMatchObject({ type: 'TransferCompleted' });
    expect(await processState(bank.app)).toBe('live');
  }, 30_000);
});

describe('a transfer dead-lettered while nobody watched', () => {
  it('is reported failed by the sweep when the watch starts', async () => {
    const store = new CursedStore();
    // The bank's wiring without its watch, as an app of an older version would have run.
    const app = await createApp({ store, aggregates: [BankAccount, Transfer], projectors: [InMemoryTransferStatus], processManagers: [TransferProcess] });
    await app.start();
    try {
      for (const accountId of ['alice', 'cursed']) await app.dispatch(OpenAccount({ accountId, owner: accountId }));
      await app.dispatch(Deposit({ accountId: 'alice', amount: 1_000 }));
      store.cursed = 'account-cursed';
      await app.dispatch(RequestTransfer({ transferId: 'doomed', from: 'alice', to: 'cursed', amount: 100 }));
      const deadline = Date.now() + 20_000;
      while ((await app.subscribers.deadLetters('transfers')).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const status = app.container.get(InMemoryTransferStatus);
      expect(status.get('doomed')?.status).toBe('requested');

      const watch = failDeadLetteredTransfers(app);
      await watch.swept;
      watch.stop();
      await waitForProjections(app);
      expect(status.get('doomed')).toMatchObject({ status: 'failed', reason: PROCESS_FAILED, refunded: false });
    } finally {
      await app.stop();
    }
  }, 30_000);
});
