// 100 transfers among 10 accounts run while customers withdraw from the same accounts at the
// same moment. Whatever interleaving happens, no cent is created or lost and no balance ever
// dips below zero, not even for one event in the middle of the history.
import { ConcurrencyError, DomainError } from '@factum/core';
import { Deposit, OpenAccount, Withdraw } from '../src/accounts/account-messages';
import { BankAccount } from '../src/accounts/bank-account';
import { startInMemoryBank } from '../src/bank-app';
import { RequestTransfer } from '../src/transfers/transfer-messages';
import { waitForProjections } from '../src/wait-for-projections';
import { watchTransferOutcomes, type TransferOutcome } from './transfer-outcomes';

/** A small seeded generator: the same seed gives the same scenario, a failure can be replayed. */
function random(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

const ACCOUNTS = Array.from({ length: 10 }, (_, index) => `acc-${index}`);
const OPENING = 1_000;

describe.each([1, 2, 3])('100 concurrent transfers among 10 accounts (seed %i)', (seed) => {
  it('keep the total money constant and every balance non-negative', async () => {
    const next = random(seed);
    const bank = await startInMemoryBank();
    const outcomes = watchTransferOutcomes(bank.app);
    try {
      for (const accountId of ACCOUNTS) {
        await bank.app.dispatch(OpenAccount({ accountId, owner: accountId }));
        await bank.app.dispatch(Deposit({ accountId, amount: OPENING }));
      }

      // Amounts up to 70% of an opening balance: many transfers are refused for lack of funds.
      // Every tenth transfer goes to an account that does not exist, so the refund path runs too.
      const transfers = Array.from({ length: 100 }, (_, index) => {
        const from = ACCOUNTS[next(ACCOUNTS.length)]!;
        let to = ACCOUNTS[next(ACCOUNTS.length)]!;
        if (to === from) to = ACCOUNTS[(ACCOUNTS.indexOf(from) + 1) % ACCOUNTS.length]!;
        if (index % 10 === 9) to = 'ghost';
        return { transferId: `t-${seed}-${index}`, from, to, amount: 1 + next(700) };
      });
      const withdrawals = Array.from({ length: 50 }, () => ({ accountId: ACCOUNTS[next(ACCOUNTS.length)]!, amount: 1 + next(400) }));

      const withdrawn = new Map<string, number>();
      const requests = transfers.map((transfer) => bank.app.dispatch(RequestTransfer(transfer)));
      const direct = withdrawals.map(async ({ accountId, amount }) => {
        try {
          await bank.app.dispatch(Withdraw({ accountId, amount }));
          withdrawn.set(accountId, (withdrawn.get(accountId) ?? 0) + amount);
        } catch (error) {
          // Refused or out-raced on every retry: in both cases nothing was stored.
          if (!(error instanceof ConcurrencyError) && !(error instanceof DomainError && error.code === 'InsufficientFunds')) throw error;
        }
      });
      await Promise.all([...requests, ...direct]);
      const results = new Map<string, TransferOutcome>();
      for (const transfer of transfers) results.set(transfer.transferId, await outcomes.of(transfer.transferId));

      // Expected balances from the outcomes alone: only completed transfers move money.
      const expected = new Map(ACCOUNTS.map((accountId) => [accountId, OPENING - (withdrawn.get(accountId) ?? 0)]));
      for (const transfer of transfers) {
        const outcome = results.get(transfer.transferId)!;
        if (transfer.to === 'ghost') {
          expect(outcome.type).toBe('TransferFailed');
          expect(outcome.reason ?? '').toMatch(/^(AccountNotFound|InsufficientFunds)$/);
          expect(outcome.refunded).toBe(outcome.reason === 'AccountNotFound');
        }
        if (outcome.type === 'TransferCompleted') {
          expected.set(transfer.from, expected.get(transfer.from)! - transfer.amount);
          expected.set(transfer.to, expected.get(transfer.to)! + transfer.amount);
        } else {
          expect(outcome.reason ?? '').toMatch(/^(AccountNotFound|InsufficientFunds)$/);
        }
      }

      let total = 0;
      for (const accountId of ACCOUNTS) {
        const balance = (await bank.app.load(BankAccount, accountId))!.balance;
        expect([accountId, balance]).toEqual([accountId, expected.get(accountId)]);
        total += balance;

        // Replay the account's history: the balance is never negative after any event.
        let running = 0;
        for await (const event of bank.app.store.readStream(`account-${accountId}`)) {
          const data = event.data as { amount?: number };
          if (event.type === 'MoneyDeposited') running += data.amount!;
          if (event.type === 'MoneyWithdrawn') running -= data.amount!;
          expect(running).toBeGreaterThanOrEqual(0);
        }
        expect(running).toBe(balance);
      }
      const directTotal = [...withdrawn.values()].reduce((sum, amount) => sum + amount, 0);
      expect(total).toBe(ACCOUNTS.length * OPENING - directTotal);

      // The scenario really exercised every path.
      const types = [...results.values()].map((outcome) => `${outcome.type}:${outcome.reason ?? ''}`);
      expect(types).toContain('TransferCompleted:');
      expect(types).toContain('TransferFailed:InsufficientFunds');
      expect(types).toContain('TransferFailed:AccountNotFound');

      // And the read model agrees with the aggregates.
      await waitForProjections(bank.app);
      for (const accountId of ACCOUNTS) expect(bank.balances.get(accountId)?.balance).toBe(expected.get(accountId));
      const processManager = (await bank.app.subscribers.status()).find((subscriber) => subscriber.name === 'transfers');
      expect(processManager?.state).toBe('live');
    } finally {
      outcomes.stop();
      await bank.app.stop();
    }
  });
});
