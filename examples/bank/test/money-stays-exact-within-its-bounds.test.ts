// Balances are integer cents in JS numbers: exact only below 2^53. The issue that led here:
// deposits of 2^53-1, 1 and 3, then withdrawals of 2^53-1 and 5, all succeeded and left -1.
import { aggregateFixture } from '@factum/testing';
import { AccountClosed, AccountOpened, Deposit, MoneyDeposited, OpenAccount, RefundTransfer, Withdraw } from '../src/accounts/account-messages';
import { BankAccount } from '../src/accounts/bank-account';
import { MAX_AMOUNT, MAX_BALANCE } from '../src/accounts/money';
import { startInMemoryBank } from '../src/bank-app';

describe('money stays exact', () => {
  const account = aggregateFixture(BankAccount);
  const opened = account.given(AccountOpened({ accountId: 'a1', owner: 'Ada' }));
  /** An account filled to its limit by deposits of MAX_AMOUNT. */
  const full = opened.given(...Array.from({ length: MAX_BALANCE / MAX_AMOUNT }, () => MoneyDeposited({ accountId: 'a1', amount: MAX_AMOUNT })));

  it('keeps the bounds where every sum is exact', () => {
    expect(Number.isSafeInteger(MAX_BALANCE + 80_000 * MAX_AMOUNT)).toBe(true);
  });

  it('refuses an amount above MAX_AMOUNT and one that is not a safe integer', async () => {
    await opened.when(Deposit({ accountId: 'a1', amount: MAX_AMOUNT + 1 })).expectError('VALIDATION_FAILED');
    await opened.when(Deposit({ accountId: 'a1', amount: Number.MAX_SAFE_INTEGER })).expectError('VALIDATION_FAILED');
    await opened.when(Withdraw({ accountId: 'a1', amount: 2 ** 53 })).expectError('VALIDATION_FAILED');
    await opened.when(Deposit({ accountId: 'a1', amount: MAX_AMOUNT })).expectState({ balance: MAX_AMOUNT });
  });

  it('refuses a deposit that would take the balance past MAX_BALANCE, and takes one up to it', async () => {
    await full.when(Deposit({ accountId: 'a1', amount: 1 })).expectError('BalanceLimitExceeded');
    const nearlyFull = opened.given(MoneyDeposited({ accountId: 'a1', amount: MAX_BALANCE - 1 }));
    await nearlyFull.when(Deposit({ accountId: 'a1', amount: 1 })).expectState({ balance: MAX_BALANCE });
  });

  it('always takes a refund back, even past the limit or on an account closed meanwhile', async () => {
    await full.when(RefundTransfer({ accountId: 'a1', amount: 5, transferId: 't1' })).expectState({ balance: MAX_BALANCE + 5 });
    const closed = opened.given(AccountClosed({ accountId: 'a1' })).when(RefundTransfer({ accountId: 'a1', amount: 5, transferId: 't1' }));
    await closed.expectEvents(MoneyDeposited({ accountId: 'a1', amount: 5, transferId: 't1' }));
    await closed.expectState({ balance: 5, status: 'closed' });
  });

  it('refuses a refund only where cents would stop being exact', async () => {
    const brim = opened.given(MoneyDeposited({ accountId: 'a1', amount: Number.MAX_SAFE_INTEGER - 1 }));
    await brim.when(RefundTransfer({ accountId: 'a1', amount: 2, transferId: 't1' })).expectError('BalanceOverflow');
  });

  it('never lets the sequence of the issue through: no balance below zero', async () => {
    const bank = await startInMemoryBank();
    try {
      await bank.app.dispatch(OpenAccount({ accountId: 'acc', owner: 'Ada' }));
      const outcomes: string[] = [];
      const attempt = async (command: ReturnType<typeof Deposit> | ReturnType<typeof Withdraw>): Promise<void> => {
        try {
          await bank.app.dispatch(command);
          outcomes.push(`${command.type} ok`);
        } catch (error) {
          outcomes.push(`${command.type} ${(error as { code: string }).code}`);
        }
      };
      for (const amount of [2 ** 53 - 1, 1, 3]) await attempt(Deposit({ accountId: 'acc', amount }));
      for (const amount of [2 ** 53 - 1, 5]) await attempt(Withdraw({ accountId: 'acc', amount }));
      expect(outcomes).toEqual(['Deposit VALIDATION_FAILED', 'Deposit ok', 'Deposit ok', 'Withdraw VALIDATION_FAILED', 'Withdraw InsufficientFunds']);
      expect((await bank.app.load(BankAccount, 'acc'))?.balance).toBe(4);
    } finally {
      await bank.close();
    }
  });
});
