// The snippets of docs/aggregates-and-commands.md are compiled by the typecheck; here they run.
import { InMemoryEventStore } from '@factum/event-store';
import { createApp } from '@factum/core';
import { BankAccount, Deposit, OpenAccount } from '../../../docs/snippets/aggregates-bank-account';
import { conversation, dispatchCommands, historic } from '../../../docs/snippets/aggregates-dispatch';
import { evolveAndInject } from '../../../docs/snippets/aggregates-evolution';

describe('the aggregates-and-commands guide', () => {
  it('dispatches, refuses, repeats and loads as the guide says', async () => {
    expect(await dispatchCommands()).toEqual({ balance: 100, refused: 'InsufficientFunds', repeated: true });
  });

  it('upcasts, injects, snapshots and runs middleware as the guide says', async () => {
    expect(await evolveAndInject()).toEqual({ name: 'Ada King', owed: 202, timed: ['Charge'] });
  });

  it('correlates a conversation and loads historic state as the guide says', async () => {
    const app = await createApp({ store: new InMemoryEventStore(), aggregates: [BankAccount] });
    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    for (const amount of [10, 20, 30]) await app.dispatch(Deposit({ accountId: 'a1', amount }));
    await conversation(app, 'transfer-1', 'event-9');
    const withdrawn = [];
    for await (const event of app.store.readStream('account-a1', { fromVersion: 5 })) withdrawn.push(event);
    expect(withdrawn).toMatchObject([{ type: 'MoneyWithdrawn', correlationId: 'transfer-1', metadata: { userId: 'teller-7', commandCausationId: 'event-9' } }]);
    expect(await historic(app)).toEqual([50, 30, undefined]);
  });
});
