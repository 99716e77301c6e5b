import { projectorFixture } from '@factum/testing';
import { WalletBalances } from './domain/balances';
import { Credited, Debited, WalletOpened } from './domain/wallet';

describe('projectorFixture: feed events, inspect the read model', () => {
  it('runs every given event through the projector, in order', async () => {
    const balances = await projectorFixture(WalletBalances).given(
      { ...WalletOpened({ walletId: 'w1', owner: 'Ada' }), streamId: 'wallet-w1' },
      { ...WalletOpened({ walletId: 'w2', owner: 'Bob' }), streamId: 'wallet-w2' },
      { ...Credited({ walletId: 'w1', amount: 100 }), streamId: 'wallet-w1' },
      { ...Debited({ walletId: 'w1', amount: 30 }), streamId: 'wallet-w1' },
      { ...Credited({ walletId: 'w2', amount: 5 }), streamId: 'wallet-w2' },
    );
    expect(balances).toBeInstanceOf(WalletBalances);
    expect([...balances.balances]).toEqual([
      ['w1', 70],
      ['w2', 5],
    ]);
  });

  it('gives each run a fresh read model', async () => {
    const fixture = projectorFixture(WalletBalances);
    await fixture.given(WalletOpened({ walletId: 'w1', owner: 'Ada' }), Credited({ walletId: 'w1', amount: 1 }));
    const second = await fixture.given(WalletOpened({ walletId: 'w9', owner: 'Cy' }));
    expect([...second.balances]).toEqual([['w9', 0]]);
  });

  it('rejects with the handler error at its first failure, without waiting for the retries', async () => {
    const started = Date.now();
    await expect(projectorFixture(WalletBalances).given(Credited({ walletId: 'nobody', amount: 1 }))).rejects.toThrow('no wallet nobody');
    expect(Date.now() - started).toBeLessThan(1_000); // the default retries back off for over a second
  });
});
