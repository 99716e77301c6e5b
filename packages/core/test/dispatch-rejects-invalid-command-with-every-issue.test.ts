import { InMemoryEventStore, InvalidInputError } from '@factum/event-store';
import { createApp, ValidationError, type Command } from '@factum/core';
import { BankAccount, Deposit, OpenAccount } from './support/bank';

describe('an invalid command is refused before anything runs', () => {
  it('lists every schema issue in a ValidationError and appends nothing', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    const invalid = { type: 'OpenAccount', data: { accountId: 42, owner: '' } } as Command;

    const error = await app.dispatch(invalid).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect(validation.code).toBe('VALIDATION_FAILED');
    expect(validation.messageType).toBe('OpenAccount');
    expect(validation.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['accountId', 'owner']);
    expect(validation.message).toContain('accountId');
    expect(validation.message).toContain('owner');
    expect(await store.headPosition()).toBeNull();
  });

  it('hands the handler the schema output (defaults applied), not the raw input', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    // A number where the schema wants an integer: refused, even though it is a number.
    await expect(app.dispatch(Deposit({ accountId: 'a1', amount: 1.5 }))).rejects.toBeInstanceOf(ValidationError);
    expect(await store.streamVersion('account-a1')).toBe(1);
  });

  it('refuses an empty aggregate id, a malformed command and malformed dispatch options', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    await expect(app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }), { commandId: '' })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(app.dispatch(Deposit({ accountId: '', amount: 1 }))).rejects.toThrow(/aggregate id/);
    await expect(app.dispatch(null as unknown as Command)).rejects.toBeInstanceOf(ValidationError);
    expect(await store.headPosition()).toBeNull();
  });
});
