// A transfer explained from the log alone: from its TransferCompleted back to the RequestTransfer
// command, and the tree of effects of that request, on the in-memory store and on a database.
import { OpenAccount, Deposit } from '../src/accounts/account-messages';
import { startInMemoryBank } from '../src/bank-app';
import { causesOf, effectsOf, formatEffects } from '../src/transfers/transfer-causation';
import { RequestTransfer } from '../src/transfers/transfer-messages';
import type { App } from '@factum/core';
import { databaseKind, startTestBank } from './test-bank';
import { watchTransferOutcomes } from './transfer-outcomes';

async function explainATransfer(app: App): Promise<void> {
  const outcomes = watchTransferOutcomes(app);
  try {
    await app.dispatch(OpenAccount({ accountId: 'alice', owner: 'Alice' }));
    await app.dispatch(OpenAccount({ accountId: 'bob', owner: 'Bob' }));
    await app.dispatch(Deposit({ accountId: 'alice', amount: 1_000 }));
    const request = await app.dispatch(RequestTransfer({ transferId: 't1', from: 'alice', to: 'bob', amount: 300 }));
    // A second transfer interleaved with the first: its events must stay out of t1's chain and tree.
    await app.dispatch(RequestTransfer({ transferId: 't2', from: 'alice', to: 'bob', amount: 5 }));
    await outcomes.of('t1', 20_000);
    await outcomes.of('t2', 20_000);

    let completed: string | undefined;
    for await (const event of app.store.readStream('transfer-t1')) if (event.type === 'TransferCompleted') completed = event.eventId;
    const chain = await causesOf(app.store, completed!);
    expect(chain.map((step) => (step.kind === 'event' ? `${step.type} ${step.streamId}` : step.type))).toEqual([
      'RequestTransfer',
      'TransferRequested transfer-t1',
      'Withdraw',
      'MoneyWithdrawn account-alice',
      'Deposit',
      'MoneyDeposited account-bob',
      'CompleteTransfer',
      'TransferCompleted transfer-t1',
    ]);
    expect(chain[0]).toEqual({ kind: 'command', id: request.commandId, type: 'RequestTransfer' });

    const tree = await effectsOf(app.store, request.commandId);
    expect(formatEffects(tree)).toEqual([
      'RequestTransfer → TransferRequested (transfer-t1)',
      '  Withdraw → MoneyWithdrawn (account-alice)',
      '    Deposit → MoneyDeposited (account-bob)',
      '      CompleteTransfer → TransferCompleted (transfer-t1)',
    ]);
  } finally {
    outcomes.stop();
  }
}

it('explains a transfer from the in-memory log', async () => {
  const bank = await startInMemoryBank();
  try {
    await explainATransfer(bank.app);
  } finally {
    await bank.close();
  }
});

it(`explains a transfer from the log on ${databaseKind}`, async () => {
  const bank = await startTestBank();
  try {
    await explainATransfer(bank.app);
  } finally {
    await bank.dispose();
  }
}, 60_000);
