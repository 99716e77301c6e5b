import { DomainError } from '@factum/core';
import { ExpectationError, processManagerFixture } from '@factum/testing';
import { CompletePayout, FailPayout, Payout, PayoutCompleted, PayoutProcess, PayoutRequested } from './domain/payout';
import { Debit, Debited, Wallet } from './domain/wallet';

const request = PayoutRequested({ payoutId: 'p1', walletId: 'w1', amount: 40 });

describe('processManagerFixture: given events, when an event, then the commands it dispatched', () => {
  const payouts = processManagerFixture(PayoutProcess, { aggregates: [Wallet, Payout] });

  it('captures the commands a starting event dispatches, and the new state', async () => {
    const scenario = payouts.when(request);
    await scenario.expectCommands(Debit({ walletId: 'w1', amount: 40 }));
    await scenario.expectState({ payoutId: 'p1', walletId: 'w1', amount: 40 });
  });

  it('continues the instance from the given events, and records only the when event’s commands', async () => {
    const scenario = payouts.given(request).when(Debited({ walletId: 'w1', amount: 40 }));
    await scenario.expectCommands(CompletePayout({ payoutId: 'p1' }));
    await scenario.expectState((state: unknown) => expect(state).toEqual({ payoutId: 'p1', walletId: 'w1', amount: 40 }));
  });

  it('ends the instance on its end event', async () => {
    const scenario = payouts.given(request, Debited({ walletId: 'w1', amount: 40 })).when(PayoutCompleted({ payoutId: 'p1' }));
    await scenario.expectCommands();
    await scenario.expectEnded();
    await scenario.expectState(undefined);
  });

  it('ignores a continuing event without an instance (another conversation)', async () => {
    await payouts
      .given(request)
      .when({ ...Debited({ walletId: 'w1', amount: 5 }), correlationId: 'another' })
      .expectCommands();
  });

  it('lets onCommand refuse a command, to test the compensation', async () => {
    const refusing = processManagerFixture(PayoutProcess, {
      aggregates: [Wallet, Payout],
      onCommand: (command) => {
        if (command.type === 'Debit') throw new DomainError('InsufficientFunds', 'the balance is 0');
      },
    });
    const scenario = refusing.when(request);
    await scenario.expectCommands(Debit({ walletId: 'w1', amount: 40 }), FailPayout({ payoutId: 'p1', reason: 'InsufficientFunds' }));
    await scenario.expectEnded();
  });

  it('fails with the expected and the actual commands when they differ', async () => {
    const failure = payouts.when(request).expectCommands(Debit({ walletId: 'w1', amount: 41 }));
    await expect(failure).rejects.toBeInstanceOf(ExpectationError);
    await expect(failure).rejects.toThrow(
      ['Expected commands:', '  1. Debit {"walletId":"w1","amount":41}', 'Actual commands:', '  1. Debit {"walletId":"w1","amount":40}'].join('\n'),
    );
  });

  it('fails expectState and expectEnded with the actual state', async () => {
    await expect(payouts.when(request).expectState({ payoutId: 'p2' })).rejects.toThrow(
      'Expected state: {"payoutId":"p2"}\nActual state:   {"payoutId":"p1","walletId":"w1","amount":40}',
    );
    await expect(payouts.when(request).expectEnded()).rejects.toThrow(/still running:\n {2}fixture-conversation: \{"payoutId":"p1"/);
  });

  it('reports a failing handler at once, with its error', async () => {
    // Debited continues the instance, whose CompletePayout is refused: not a domain outcome the process handles.
    const broken = processManagerFixture(PayoutProcess, {
      aggregates: [Wallet, Payout],
      onCommand: (command) => {
        if (command.type === 'CompletePayout') throw new Error('store unavailable');
      },
    });
    await expect(
      broken
        .given(request)
        .when(Debited({ walletId: 'w1', amount: 40 }))
        .expectCommands(),
    ).rejects.toThrow('The process manager failed on Debited: Error: store unavailable');
  });
});
