import { aggregateFixture } from '@factum/testing';
import { Credit, Credited, Debit, Debited, OpenWallet, Wallet, WalletOpened } from './domain/wallet';

describe('aggregateFixture: given events, when a command, then what it did', () => {
  const wallet = aggregateFixture(Wallet);

  it('passes when the command appends exactly the expected events', async () => {
    await wallet.when(OpenWallet({ walletId: 'w1', owner: 'Ada' })).expectEvents(WalletOpened({ walletId: 'w1', owner: 'Ada' }));
  });

  it('decides on the given history, seeded into the stream the command targets', async () => {
    const scenario = wallet
      .given(WalletOpened({ walletId: 'w1', owner: 'Ada' }), Credited({ walletId: 'w1', amount: 50 }))
      .when(Debit({ walletId: 'w1', amount: 30 }));
    await scenario.expectEvents(Debited({ walletId: 'w1', amount: 30 }));
    await scenario.expectState({ balance: 20, opened: true });
    const outcome = await scenario.outcome();
    expect(outcome.streamId).toBe('wallet-w1');
    expect(outcome.events.map((event) => event.version)).toEqual([3]);
  });

  it('passes expectError with the domain error code, and the state stays the given one', async () => {
    const scenario = wallet
      .given(WalletOpened({ walletId: 'w1', owner: 'Ada' }), Credited({ walletId: 'w1', amount: 10 }))
      .when(Debit({ walletId: 'w1', amount: 11 }));
    await scenario.expectError('InsufficientFunds');
    await scenario.expectState((state) => expect(state.balance).toBe(10));
  });

  it('reports validation errors by their code', async () => {
    await wallet.when(Credit({ walletId: 'w1', amount: -5 })).expectError('VALIDATION_FAILED');
  });

  it('expects no events when called without any', async () => {
    await wallet
      .given(WalletOpened({ walletId: 'w1', owner: 'Ada' }))
      .when(Credit({ walletId: 'w1', amount: 5 }))
      .expectEvents(Credited({ walletId: 'w1', amount: 5 }));
    await expect(
      wallet
        .given(WalletOpened({ walletId: 'w1', owner: 'Ada' }))
        .when(Credit({ walletId: 'w1', amount: 5 }))
        .expectEvents(),
    ).rejects.toThrow(/Expected events:\n {2}\(none\)/);
  });
});
