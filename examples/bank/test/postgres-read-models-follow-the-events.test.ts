// The transactional read models on a real database: a scenario's balances, statements and
// transfer statuses, and rebuilds that give the same rows.
import { CloseAccount, Deposit, OpenAccount } from '../src/accounts/account-messages';
import { queryBalances, queryStatement, queryTransfer } from '../src/read-models/postgres/read-model-tables';
import { RequestTransfer } from '../src/transfers/transfer-messages';
import { waitForProjections } from '../src/wait-for-projections';
import { databaseKind, startTestBank, type TestBank } from './test-bank';
import { watchTransferOutcomes } from './transfer-outcomes';

describe(`bank read models on ${databaseKind}`, () => {
  let bank: TestBank;

  beforeAll(async () => {
    bank = await startTestBank();
  });

  afterAll(async () => {
    await bank?.dispose();
  });

  it('project a scenario, and rebuild to the same rows', async () => {
    const { app, db } = bank;
    const outcomes = watchTransferOutcomes(app);
    try {
      for (const [accountId, owner] of [
        ['alice', 'Alice'],
        ['bob', 'Bob'],
        ['carol', 'Carol'],
      ] as const) {
        await app.dispatch(OpenAccount({ accountId, owner }));
      }
      await app.dispatch(CloseAccount({ accountId: 'carol' }));
      await app.dispatch(Deposit({ accountId: 'alice', amount: 10_000 }));
      await app.dispatch(RequestTransfer({ transferId: 'ok', from: 'alice', to: 'bob', amount: 2_500 }));
      await app.dispatch(RequestTransfer({ transferId: 'poor', from: 'bob', to: 'alice', amount: 999_999 }));
      await app.dispatch(RequestTransfer({ transferId: 'closed', from: 'alice', to: 'carol', amount: 100 }));
      for (const transferId of ['ok', 'poor', 'closed']) await outcomes.of(transferId, 20_000);
      await waitForProjections(app, 20_000);

      const balances = await queryBalances(db);
      expect(balances).toEqual([
        { accountId: 'alice', owner: 'Alice', balance: 7_500, status: 'open' },
        { accountId: 'bob', owner: 'Bob', balance: 2_500, status: 'open' },
        { accountId: 'carol', owner: 'Carol', balance: 0, status: 'closed' },
      ]);
      const statement = await queryStatement(db, 'alice');
      expect(statement.map(({ version, kind, amount, balanceAfter, transferId }) => [version, kind, amount, balanceAfter, transferId])).toEqual([
        [1, 'opened', 0, 0, null],
        [2, 'deposit', 10_000, 10_000, null],
        [3, 'withdrawal', -2_500, 7_500, 'ok'],
        [4, 'withdrawal', -100, 7_400, 'closed'],
        [5, 'deposit', 100, 7_500, 'closed'],
      ]);
      expect(await queryTransfer(db, 'ok')).toMatchObject({ status: 'completed', from: 'alice', to: 'bob', amount: 2_500 });
      expect(await queryTransfer(db, 'poor')).toMatchObject({ status: 'failed', reason: 'InsufficientFunds', refunded: false });
      expect(await queryTransfer(db, 'closed')).toMatchObject({ status: 'failed', reason: 'AccountClosed', refunded: true });
      expect(await queryTransfer(db, 'nope')).toBeNull();

      // Rebuilt from the log, the tables hold the same rows (nothing doubled, nothing missing).
      await app.projections.rebuild('bank-balances');
      await app.projections.rebuild('bank-statements');
      expect(await queryBalances(db)).toEqual(balances);
      expect(await queryStatement(db, 'alice')).toEqual(statement);
    } finally {
      outcomes.stop();
    }
  });
});
