import { InMemoryEventStore, InvalidInputError } from '@factum/event-store';
import { createApp, FactumError, ValidationError, type Command, type Middleware } from '@factum/core';
import { BankAccount, Deposit, OpenAccount } from './support/bank';

describe('middleware wraps dispatch as an ordered async chain, after validation', () => {
  it('runs in the order given, around the handler, and sees the result', async () => {
    const trace: string[] = [];
    const named =
      (name: string): Middleware =>
      async (context, next) => {
        trace.push(`${name}:before:${context.command.type}:${context.streamId}`);
        const result = await next();
        trace.push(`${name}:after:v${result.version}`);
        return result;
      };
    const app = await createApp({ store: new InMemoryEventStore(), aggregates: [BankAccount], middleware: [named('outer'), named('inner')] });

    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));

    expect(trace).toEqual(['outer:before:OpenAccount:account-a1', 'inner:before:OpenAccount:account-a1', 'inner:after:v1', 'outer:after:v1']);
  });

  it('only sees valid commands: validation runs first', async () => {
    const seen: unknown[] = [];
    const spy: Middleware = (context, next) => {
      seen.push(context.command.data);
      return next();
    };
    const app = await createApp({ store: new InMemoryEventStore(), aggregates: [BankAccount], middleware: [spy] });

    await expect(app.dispatch({ type: 'OpenAccount', data: { accountId: 'a1' } } as Command)).rejects.toBeInstanceOf(ValidationError);
    expect(seen).toEqual([]);
  });

  it('can refuse a command (nothing appended) and can add metadata to its events', async () => {
    class Forbidden extends FactumError {
      constructor() {
        super('FORBIDDEN', 'not allowed');
      }
    }
    const auth: Middleware = (context, next) => {
      if (context.metadata['role'] !== 'teller') throw new Forbidden();
      context.metadata['checkedBy'] = 'auth';
      return next();
    };
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount], middleware: [auth] });

    await expect(app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }))).rejects.toBeInstanceOf(Forbidden);
    expect(await store.headPosition()).toBeNull();
    const result = await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }), { metadata: { role: 'teller' } });
    expect(result.events[0]!.metadata).toMatchObject({ role: 'teller', checkedBy: 'auth' });
    const deposit = await app.dispatch(Deposit({ accountId: 'a1', amount: 1 }), { metadata: { role: 'teller' } });
    expect(deposit.events[0]!.metadata).toMatchObject({ checkedBy: 'auth' });
  });

  it('cannot change stored events through what it added to the metadata, and what it adds must be JSON', async () => {
    const user = { name: 'ann', roles: ['teller'] };
    let added: unknown = user;
    const who: Middleware = (context, next) => {
      context.metadata['user'] = added as { name: string };
      return next();
    };
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount], middleware: [who] });

    const result = await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    user.roles.push('admin');
    user.name = 'eve';
    const read = [];
    for await (const event of store.readStream('account-a1')) read.push(event);
    const stored = read[0];
    expect(stored!.metadata['user']).toEqual({ name: 'ann', roles: ['teller'] });
    expect(result.events[0]!.metadata['user']).toEqual({ name: 'ann', roles: ['teller'] });
    expect(Object.isFrozen(stored!.metadata)).toBe(true);
    expect(Object.isFrozen(stored!.metadata['user'])).toBe(true);

    added = new Date(0);
    const refused = app.dispatch(Deposit({ accountId: 'a1', amount: 1 }));
    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ argument: 'metadata.user' });
    expect(await store.streamVersion('account-a1')).toBe(1);
  });
});
