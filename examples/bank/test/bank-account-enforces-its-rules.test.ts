import { aggregateFixture } from '@factum/testing';
import { AccountClosed, AccountOpened, CloseAccount, Deposit, MoneyDeposited, MoneyWithdrawn, OpenAccount, Withdraw } from '../src/accounts/account-messages';
import { BankAccount } from '../src/accounts/bank-account';

describe('BankAccount', () => {
  const account = aggregateFixture(BankAccount);
  const opened = account.given(AccountOpened({ accountId: 'a1', owner: 'Ada' }));
  const holding500 = opened.given(MoneyDeposited({ accountId: 'a1', amount: 500 }));

  it('opens once', async () => {
    await account.when(OpenAccount({ accountId: 'a1', owner: 'Ada' })).expectEvents(AccountOpened({ accountId: 'a1', owner: 'Ada' }));
    await opened.when(OpenAccount({ accountId: 'a1', owner: 'Again' })).expectError('AccountAlreadyOpen');
  });

  it('keeps the balance in integer cents through deposits and withdrawals', async () => {
    const scenario = opened.given(MoneyDeposited({ accountId: 'a1', amount: 10_050 })).when(Withdraw({ accountId: 'a1', amount: 2_025 }));
    await scenario.expectEvents(MoneyWithdrawn({ accountId: 'a1', amount: 2_025 }));
    await scenario.expectState({ balance: 8_025, status: 'open' });
  });

  it('records the transfer a movement belongs to', async () => {
    await opened
      .when(Deposit({ accountId: 'a1', amount: 40, transferId: 't1' }))
      .expectEvents(MoneyDeposited({ accountId: 'a1', amount: 40, transferId: 't1' }));
  });

  it('refuses a withdrawal larger than the balance, and the balance stays', async () => {
    const scenario = holding500.when(Withdraw({ accountId: 'a1', amount: 501 }));
    await scenario.expectError('InsufficientFunds');
    await scenario.expectState({ balance: 500 });
    const { error } = await scenario.outcome();
    expect(error).toMatchObject({ details: { balance: 500, requested: 501 } });
  });

  it('allows withdrawing the whole balance', async () => {
    await holding500.when(Withdraw({ accountId: 'a1', amount: 500 })).expectState({ balance: 0 });
  });

  it('refuses amounts that are not positive integer cents', async () => {
    await opened.when(Deposit({ accountId: 'a1', amount: 10.5 })).expectError('VALIDATION_FAILED');
    await opened.when(Deposit({ accountId: 'a1', amount: -1 })).expectError('VALIDATION_FAILED');
    await opened.when(Withdraw({ accountId: 'a1', amount: 0 })).expectError('VALIDATION_FAILED');
  });

  it('refuses to close while money is on the account, and closes at zero', async () => {
    await holding500.when(CloseAccount({ accountId: 'a1' })).expectError('BalanceNotZero');
    const emptied = holding500.given(MoneyWithdrawn({ accountId: 'a1', amount: 500 })).when(CloseAccount({ accountId: 'a1' }));
    await emptied.expectEvents(AccountClosed({ accountId: 'a1' }));
    await emptied.expectState({ status: 'closed' });
  });

  it('refuses movements on a closed account and on one never opened', async () => {
    const closed = opened.given(AccountClosed({ accountId: 'a1' }));
    await closed.when(Deposit({ accountId: 'a1', amount: 1 })).expectError('AccountClosed');
    await closed.when(Withdraw({ accountId: 'a1', amount: 1 })).expectError('AccountClosed');
    await closed.when(CloseAccount({ accountId: 'a1' })).expectError('AccountClosed');
    await account.when(Deposit({ accountId: 'ghost', amount: 1 })).expectError('AccountNotFound');
  });
});
