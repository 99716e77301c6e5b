import { aggregateFixture, ExpectationError } from '@factum/testing';
import { Credit, Credited, Debit, OpenWallet, Wallet, WalletOpened } from './domain/wallet';

// A fixture that never fails is worthless: each wrong expectation must fail, and say why.
describe('aggregateFixture: a wrong expectation fails with a readable message', () => {
  const opened = aggregateFixture(Wallet).given(WalletOpened({ walletId: 'w1', owner: 'Ada' }));

  it('shows the expected and the actual events when they differ', async () => {
    const failure = opened.when(Credit({ walletId: 'w1', amount: 7 })).expectEvents(Credited({ walletId: 'w1', amount: 5 }));
    await expect(failure).rejects.toBeInstanceOf(ExpectationError);
    await expect(failure).rejects.toThrow(
      [
        'Given:',
        '  1. WalletOpened {"walletId":"w1","owner":"Ada"}',
        'When: Credit {"walletId":"w1","amount":7}',
        'Expected events:',
        '  1. Credited {"walletId":"w1","amount":5}',
        'Actual events:',
        '  1. Credited {"walletId":"w1","amount":7}',
      ].join('\n'),
    );
  });

  it('fails expectEvents when the command was rejected, naming the error', async () => {
    await expect(opened.when(Debit({ walletId: 'w1', amount: 1 })).expectEvents()).rejects.toThrow(
      /but the command was rejected with InsufficientFunds: the balance is 0/,
    );
  });

  it('fails expectError when the command succeeded, listing what it appended', async () => {
    await expect(opened.when(Credit({ walletId: 'w1', amount: 3 })).expectError('InsufficientFunds')).rejects.toThrow(
      /Expected the command to be rejected with InsufficientFunds, but it succeeded and appended:\n {2}1\. Credited \{"walletId":"w1","amount":3\}/,
    );
  });

  it('fails expectError on another code', async () => {
    await expect(opened.when(OpenWallet({ walletId: 'w1', owner: 'Bob' })).expectError('InsufficientFunds')).rejects.toThrow(
      /rejected with InsufficientFunds, but it was rejected with WalletAlreadyOpen: wallet w1 is already open/,
    );
  });

  it('fails expectState field by field', async () => {
    await expect(opened.when(Credit({ walletId: 'w1', amount: 3 })).expectState({ balance: 4, opened: true })).rejects.toThrow(
      /Unexpected state:\n {2}balance: expected 4, actual 3$/,
    );
  });

  it('fails expectState when nothing was ever stored', async () => {
    await expect(
      aggregateFixture(Wallet)
        .when(Credit({ walletId: 'w1', amount: 3 }))
        .expectState({ balance: 0 }),
    ).rejects.toThrow(/the aggregate's stream is empty \(the command was rejected with WalletNotOpen/);
  });
});
