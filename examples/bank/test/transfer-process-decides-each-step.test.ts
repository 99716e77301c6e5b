// The transfer process manager on its own: which command each event leads to, and its state.
// (transfer-process-completes-fails-and-refunds runs it against real accounts.)
import { DomainError, type Command } from '@factum/core';
import { processManagerFixture } from '@factum/testing';
import { Deposit, MoneyDeposited, MoneyWithdrawn, RefundTransfer, Withdraw } from '../src/accounts/account-messages';
import { BankAccount } from '../src/accounts/bank-account';
import { Transfer } from '../src/transfers/transfer';
import { CompleteTransfer, FailTransfer, TransferRequested } from '../src/transfers/transfer-messages';
import { TransferProcess } from '../src/transfers/transfer-process';

const requested = TransferRequested({ transferId: 't1', from: 'alice', to: 'bob', amount: 300 });
const withdrawn = MoneyWithdrawn({ accountId: 'alice', amount: 300, transferId: 't1' });
const aggregates = [BankAccount, Transfer];

/** Refuses the commands `refuse` picks with that domain error, as the account would. */
const refusing = (refuse: (command: Command) => string | undefined) =>
  processManagerFixture(TransferProcess, {
    aggregates,
    onCommand: (command) => {
      const code = refuse(command);
      if (code) throw new DomainError(code, `refused ${command.type}`);
    },
  });

describe('TransferProcess, step by step', () => {
  const transfers = processManagerFixture(TransferProcess, { aggregates });

  it('starts by withdrawing from the source', async () => {
    const scenario = transfers.when(requested);
    await scenario.expectCommands(Withdraw({ accountId: 'alice', amount: 300, transferId: 't1' }));
    await scenario.expectState({ transferId: 't1', from: 'alice', to: 'bob', amount: 300, step: 'withdrawing' });
  });

  it('deposits to the target once the money has left the source', async () => {
    const scenario = transfers.given(requested).when(withdrawn);
    await scenario.expectCommands(Deposit({ accountId: 'bob', amount: 300, transferId: 't1' }));
    await scenario.expectState({ transferId: 't1', from: 'alice', to: 'bob', amount: 300, step: 'depositing' });
  });

  it('completes once the money has arrived, and ends', async () => {
    const scenario = transfers.given(requested, withdrawn).when(MoneyDeposited({ accountId: 'bob', amount: 300, transferId: 't1' }));
    await scenario.expectCommands(CompleteTransfer({ transferId: 't1' }));
    await scenario.expectEnded();
  });

  it('fails the transfer, refunding nothing, when the source has too little', async () => {
    const scenario = refusing((command) => (command.type === 'Withdraw' ? 'InsufficientFunds' : undefined)).when(requested);
    await scenario.expectCommands(
      Withdraw({ accountId: 'alice', amount: 300, transferId: 't1' }),
      FailTransfer({ transferId: 't1', reason: 'InsufficientFunds', refunded: false }),
    );
    await scenario.expectEnded();
  });

  it('puts the money back on the source when the target refuses it (compensation)', async () => {
    const toBob = (command: Command): boolean => command.type === 'Deposit' && (command.data as { accountId: string }).accountId === 'bob';
    const scenario = refusing((command) => (toBob(command) ? 'AccountClosed' : undefined))
      .given(requested)
      .when(withdrawn);
    await scenario.expectCommands(
      Deposit({ accountId: 'bob', amount: 300, transferId: 't1' }),
      RefundTransfer({ accountId: 'alice', amount: 300, transferId: 't1' }),
    );
    await scenario.expectState({ transferId: 't1', from: 'alice', to: 'bob', amount: 300, step: 'refunding', reason: 'AccountClosed' });
  });

  it('puts the money back for any refusal of the deposit, not only a business rule', async () => {
    // A target id the account's schema refuses (stored before the id rules): a ValidationError, not a DomainError.
    const badTarget = TransferRequested({ transferId: 't1', from: 'alice', to: 'acc5 ', amount: 300 });
    const scenario = transfers.given(badTarget).when(withdrawn);
    await scenario.expectCommands(RefundTransfer({ accountId: 'alice', amount: 300, transferId: 't1' }));
    await scenario.expectState({ transferId: 't1', from: 'alice', to: 'acc5 ', amount: 300, step: 'refunding', reason: 'VALIDATION_FAILED' });
  });

  it('fails the transfer as not refunded when even the refund is refused, and ends', async () => {
    const scenario = refusing((command) => (command.type === 'Deposit' ? 'AccountClosed' : command.type === 'RefundTransfer' ? 'BalanceOverflow' : undefined))
      .given(requested)
      .when(withdrawn);
    await scenario.expectCommands(
      Deposit({ accountId: 'bob', amount: 300, transferId: 't1' }),
      RefundTransfer({ accountId: 'alice', amount: 300, transferId: 't1' }),
      FailTransfer({ transferId: 't1', reason: 'RefundRefused:BalanceOverflow', refunded: false }),
    );
    await scenario.expectEnded();
  });

  it('fails the transfer, moving nothing, when the withdrawal is refused for any reason', async () => {
    const scenario = transfers.when(TransferRequested({ transferId: 't1', from: 'x'.repeat(995), to: 'bob', amount: 300 }));
    await scenario.expectCommands(FailTransfer({ transferId: 't1', reason: 'VALIDATION_FAILED', refunded: false }));
    await scenario.expectEnded();
  });

  it('fails the transfer as refunded once the refund has arrived, and ends', async () => {
    const refused = refusing((command) => ((command.data as { accountId?: string }).accountId === 'bob' ? 'AccountNotFound' : undefined));
    const scenario = refused.given(requested, withdrawn).when(MoneyDeposited({ accountId: 'alice', amount: 300, transferId: 't1' }));
    await scenario.expectCommands(FailTransfer({ transferId: 't1', reason: 'AccountNotFound', refunded: true }));
    await scenario.expectEnded();
  });

  it('ignores movements of accounts that belong to no transfer in progress', async () => {
    await transfers.when({ ...MoneyDeposited({ accountId: 'bob', amount: 5 }), correlationId: 'someone-else' }).expectCommands();
  });
});
