import { InMemoryEventStore } from '@factum/event-store';
import { createApp, isFactumError, UnknownCommandError, defineCommand, Aggregate, AggregateRoot, CommandHandler } from '@factum/core';
import { z } from 'zod';
import { BankAccount, Deposit, OpenAccount } from './support/bank';
import { readAll } from './support/store-helpers';

describe('dispatch routes each command to the aggregate that handles it', () => {
  it('appends the emitted events to <category>-<id> and resolves with what was committed', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });

    const opened = await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    const deposited = await app.dispatch(Deposit({ accountId: 'a1', amount: 30 }));
    await app.dispatch(OpenAccount({ accountId: 'b2', owner: 'Bob' }));

    expect(opened).toMatchObject({ streamId: 'account-a1', version: 1, alreadyHandled: false });
    expect(deposited.version).toBe(2);
    expect(deposited.position).toBe(deposited.events[0]!.position);
    expect(deposited.events.map((e) => [e.type, e.data])).toEqual([['MoneyDeposited', { accountId: 'a1', amount: 30 }]]);
    expect((await readAll(store, 'account-a1')).map((e) => e.type)).toEqual(['AccountOpened', 'MoneyDeposited']);
    expect((await readAll(store, 'account-b2')).map((e) => e.data)).toEqual([{ accountId: 'b2', owner: 'Bob' }]);
    expect((await app.load(BankAccount, 'a1'))?.balance).toBe(30);
  });

  it('stamps every event with ids, causation, correlation and the caller metadata', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });

    const started = await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }), { metadata: { userId: 'u-7' } });
    const [first] = started.events;
    expect(first!.causationId).toBe(started.commandId); // a command from outside is the first cause of its events
    expect(first!.correlationId).toBe(started.commandId); // a command without one starts a conversation
    expect(first!.metadata).toEqual({ userId: 'u-7', commandId: started.commandId, commandType: 'OpenAccount' });
    expect(first!.occurredAt).toBeInstanceOf(Date);

    const caused = await app.dispatch(Deposit({ accountId: 'a1', amount: 5 }), {
      commandId: 'cmd-1',
      correlationId: 'transfer-9',
      causationId: 'event-42',
      metadata: { userId: 'u-8' },
    });
    expect(caused.commandId).toBe('cmd-1');
    expect(caused.events[0]).toMatchObject({
      causationId: 'event-42', // what caused the command, so the chain of causes runs through the log
      correlationId: 'transfer-9',
      metadata: { userId: 'u-8', commandId: 'cmd-1', commandType: 'Deposit', commandCausationId: 'event-42' },
    });
    expect(caused.events[0]!.eventId).not.toBe(first!.eventId);
  });

  it('rejects a command no aggregate handles with UnknownCommandError, naming the class that declares it when one does', async () => {
    const Orphan = defineCommand('Orphan', z.object({ id: z.string() }));
    @Aggregate({ category: 'forgotten' })
    class Forgotten extends AggregateRoot {
      @CommandHandler(Orphan, { id: (c) => c.id })
      handle(): void {}
    }
    const Nobody = defineCommand('Nobody', z.object({}));
    const app = await createApp({ store: new InMemoryEventStore(), aggregates: [BankAccount] });

    const unknown = await app.dispatch(Nobody({})).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(UnknownCommandError);
    expect(isFactumError(unknown, 'UNKNOWN_COMMAND')).toBe(true);
    const forgotten = await app.dispatch(Orphan({ id: 'x' })).catch((error: Error) => error);
    expect(forgotten).toBeInstanceOf(UnknownCommandError);
    expect((forgotten as Error).message).toContain(Forgotten.name);
  });

  it('routes by the command type string, so plain { type, data } objects (from HTTP, queues) work too', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    const body: unknown = JSON.parse('{"type":"OpenAccount","data":{"accountId":"h1","owner":"Hal"}}');
    const result = await app.dispatch(body as { type: string; data: unknown });
    expect(result.streamId).toBe('account-h1');
  });
});
