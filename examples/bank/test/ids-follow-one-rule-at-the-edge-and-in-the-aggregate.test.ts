// An id the account would refuse must be refused when the transfer is requested, not after the
// money has left the source: RequestTransfer and the account commands share one id rule.
import { aggregateFixture } from '@factum/testing';
import { AccountOpened, Deposit, OpenAccount } from '../src/accounts/account-messages';
import { BankAccount } from '../src/accounts/bank-account';
import { MAX_ID_LENGTH } from '../src/rules/bank-ids';
import { Transfer } from '../src/transfers/transfer';
import { RequestTransfer } from '../src/transfers/transfer-messages';

const BAD_IDS: [string, string][] = [
  ['a trailing space', 'acc5 '],
  ['a leading space', ' acc5'],
  ['995 characters', 'a'.repeat(995)],
  [`${MAX_ID_LENGTH + 1} characters`, 'a'.repeat(MAX_ID_LENGTH + 1)],
  ['a NUL', 'acc\u00005'],
  ['a lone surrogate', 'acc\uD800'],
  ['a slash', 'acc/5'],
  ['nothing', ''],
  ['a leading dash', '-acc'],
];

describe('account and transfer ids', () => {
  const account = aggregateFixture(BankAccount);
  const transfer = aggregateFixture(Transfer);
  const opened = account.given(AccountOpened({ accountId: 'acc5', owner: 'Ada' }));

  it.each(BAD_IDS)('refuses %s where the transfer is requested and where the account is used', async (_what, id) => {
    await transfer.when(RequestTransfer({ transferId: 't1', from: 'acc1', to: id, amount: 100 })).expectError('VALIDATION_FAILED');
    await transfer.when(RequestTransfer({ transferId: id, from: 'acc1', to: 'acc2', amount: 100 })).expectError('VALIDATION_FAILED');
    await account.when(OpenAccount({ accountId: id, owner: 'Ada' })).expectError('VALIDATION_FAILED');
    await opened.when(Deposit({ accountId: id, amount: 1 })).expectError('VALIDATION_FAILED');
  });

  it('takes the ids people use', async () => {
    for (const id of ['acc5', 'ACC-5', 'a.b_c-d', '0', 'a'.repeat(MAX_ID_LENGTH)]) {
      await account.when(OpenAccount({ accountId: id, owner: 'Ada' })).expectEvents(AccountOpened({ accountId: id, owner: 'Ada' }));
    }
  });

  it('takes any one-line owner name, and refuses control characters and surrounding spaces', async () => {
    await account.when(OpenAccount({ accountId: 'a1', owner: 'Zoë 🏦 Ångström' })).expectEvents(AccountOpened({ accountId: 'a1', owner: 'Zoë 🏦 Ångström' }));
    for (const owner of ['Ada ', 'Ada\nLovelace', 'A\u0000da', 'Ada\uDC00', '', 'x'.repeat(101)]) {
      await account.when(OpenAccount({ accountId: 'a1', owner })).expectError('VALIDATION_FAILED');
    }
  });
});
