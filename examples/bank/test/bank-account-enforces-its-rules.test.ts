import { InMemoryEventStore } from '@factum/event-store';
import { createApp, DomainError, type App } from '@factum/core';
import { CloseAccount, Deposit, OpenAccount, Withdraw } from '../src/accounts/account-messages';
import { BankAccount } from '../src/accounts/bank-account';

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => new Error('the command was accepted'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof DomainError)) throw error;
  return error;
}

describe('BankAccount', () => {
  let app: App;
  let store: InMemoryEventStore;

  beforeEach(async () => {
    store = new InMemoryEventStore();
    app = await createApp({ store, aggregates: [BankAccount] });
    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
  });

  async function storedTypes(): Promise<string[]> {
    const types: string[] = [];
    for await (const event of store.readStream('account-a1')) types.push(event.type);
    return types;
  }

  it('keeps the balance in integer cents through deposits and withdrawals', async () => {
    await app.dispatch(Deposit({ accountId: 'a1', amount: 10_050 }));
    await app.dispatch(Withdraw({ accountId: 'a1', amount: 2_025 }));
    const account = await app.load(BankAccount, 'a1');
    expect(account?.balance).toBe(8_025);
    expect(account?.status).toBe('open');
    expect(await storedTypes()).toEqual(['AccountOpened', 'MoneyDeposited', 'MoneyWithdrawn']);
  });

  it('refuses a withdrawal larger than the balance and stores nothing', async () => {
    await app.dispatch(Deposit({ accountId: 'a1', amount: 500 }));
    const error = await refusal(app.dispatch(Withdraw({ accountId: 'a1', amount: 501 })));
    expect(error.code).toBe('InsufficientFunds');
    expect(error.details).toEqual({ balance: 500, requested: 501 });
    expect((await app.load(BankAccount, 'a1'))?.balance).toBe(500);
    expect(await storedTypes()).toEqual(['AccountOpened', 'MoneyDeposited']);
  });

  it('allows withdrawing the whole balance', async () => {
    await app.dispatch(Deposit({ accountId: 'a1', amount: 500 }));
    await app.dispatch(Withdraw({ accountId: 'a1', amount: 500 }));
    expect((await app.load(BankAccount, 'a1'))?.balance).toBe(0);
  });

  it('refuses amounts that are not positive integer cents', async () => {
    await expect(app.dispatch(Deposit({ accountId: 'a1', amount: 10.5 }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(app.dispatch(Deposit({ accountId: 'a1', amount: -1 }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await storedTypes()).toEqual(['AccountOpened']);
  });

  it('refuses to close while money is on the account, then closes at zero', async () => {
    await app.dispatch(Deposit({ accountId: 'a1', amount: 100 }));
    expect((await refusal(app.dispatch(CloseAccount({ accountId: 'a1' })))).code).toBe('BalanceNotZero');
    await app.dispatch(Withdraw({ accountId: 'a1', amount: 100 }));
    await app.dispatch(CloseAccount({ accountId: 'a1' }));
    expect((await app.load(BankAccount, 'a1'))?.status).toBe('closed');
  });

  it('refuses movements on a closed account and on one never opened', async () => {
    await app.dispatch(CloseAccount({ accountId: 'a1' }));
    expect((await refusal(app.dispatch(Deposit({ accountId: 'a1', amount: 1 })))).code).toBe('AccountClosed');
    expect((await refusal(app.dispatch(Withdraw({ accountId: 'a1', amount: 1 })))).code).toBe('AccountClosed');
    expect((await refusal(app.dispatch(Deposit({ accountId: 'ghost', amount: 1 })))).code).toBe('AccountNotFound');
    expect((await refusal(app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Again' })))).code).toBe('AccountAlreadyOpen');
  });
});
