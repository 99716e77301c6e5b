import { On, Projector, type DecodedEvent } from '@factum/core';
import { createTestApp, ExpectationError, type TestApp } from '@factum/testing';
import { WalletBalances } from './domain/balances';
import { Payout, PayoutCompleted, PayoutProcess, RequestPayout } from './domain/payout';
import { Credit, Credited, OpenWallet, Wallet } from './domain/wallet';

describe('createTestApp: waitForEvent and waitForIdle', () => {
  let app: TestApp;

  beforeEach(async () => {
    app = await createTestApp({ aggregates: [Wallet, Payout], projectors: [WalletBalances], processManagers: [PayoutProcess] });
    await app.dispatch(OpenWallet({ walletId: 'w1', owner: 'Ada' }));
    await app.dispatch(Credit({ walletId: 'w1', amount: 100 }));
  });

  afterEach(() => app.stop());

  it('waitForIdle resolves only once the whole chain (process manager, its commands, the projector) has run', async () => {
    await app.dispatch(RequestPayout({ payoutId: 'p1', walletId: 'w1', amount: 30 }));
    await app.waitForIdle();
    // The payout completes two hops after the request: Debit, then CompletePayout.
    const payoutTypes: string[] = [];
    for await (const event of app.store.readStream('payout-p1')) payoutTypes.push(event.type);
    expect(payoutTypes).toEqual(['PayoutRequested', 'PayoutCompleted']);
    expect(app.container.get(WalletBalances).balances.get('w1')).toBe(70);
    for (const status of await app.subscribers.status()) expect(status.lag).toBe(0);
  });

  it('waitForEvent resolves with an event still to come, decoded and matched by the predicate', async () => {
    await app.dispatch(RequestPayout({ payoutId: 'p2', walletId: 'w1', amount: 10 }));
    const completed = await app.waitForEvent(PayoutCompleted, (event) => event.data.payoutId === 'p2');
    expect(completed.data).toEqual({ payoutId: 'p2' });
    expect(completed.streamId).toBe('payout-p2');
  });

  it('waitForEvent finds an event already stored', async () => {
    const credited = await app.waitForEvent('Credited', (event) => (event.data as { amount: number }).amount === 100);
    expect(credited.streamId).toBe('wallet-w1');
    await expect(app.waitForEvent(Credited, (event) => event.data.amount === 1, { timeoutMs: 50 })).rejects.toThrow(
      "No 'Credited' event matching the predicate arrived within 50 ms.",
    );
  });

  it('waitForIdle fails at once, naming the subscriber, when one has stopped', async () => {
    @Projector({ name: 'fragile', retry: { maxAttempts: 1 } })
    class Fragile {
      @On(Credited)
      credited(_event: DecodedEvent<typeof Credited>): void {
        throw new Error('fragile broke');
      }
    }
    const fragile = await createTestApp({ aggregates: [Wallet], projectors: [Fragile] });
    try {
      await fragile.dispatch(OpenWallet({ walletId: 'w1', owner: 'Ada' }));
      await fragile.dispatch(Credit({ walletId: 'w1', amount: 1 }));
      const failure = fragile.waitForIdle({ timeoutMs: 2_000 });
      await expect(failure).rejects.toBeInstanceOf(ExpectationError);
      await expect(failure).rejects.toThrow("Subscriber 'fragile' stopped at a failing event (error: fragile broke)");
    } finally {
      await fragile.stop();
    }
  });
});
