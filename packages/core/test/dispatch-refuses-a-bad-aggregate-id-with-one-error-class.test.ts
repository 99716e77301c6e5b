import { InMemoryEventStore, MAX_IDENTIFIER_BYTES } from '@factum/event-store';
import { createApp, ValidationError } from '@factum/core';
import { BankAccount, OpenAccount } from './support/bank';

// The aggregate id comes from the command's data, so every defect of it is a defect of the
// command: one ValidationError with the issue code 'invalid_aggregate_id', whichever rule it breaks.
describe('an aggregate id that no stream id can be made of', () => {
  const category = 'account-';
  it.each<[string, string]>([
    ['leading whitespace', ' a1'],
    ['trailing whitespace', 'a1\n'],
    ['a NUL character', 'a\u00001'],
    ['a lone surrogate', 'a\uD83D'],
    ['a stream id one byte over the limit in CJK text', '漢'.repeat(Math.ceil((MAX_IDENTIFIER_BYTES - category.length + 1) / 3))],
    ['a stream id one byte over the limit in ASCII', 'a'.repeat(MAX_IDENTIFIER_BYTES - category.length + 1)],
  ])('with %s is a ValidationError (invalid_aggregate_id), and nothing is appended', async (_what, accountId) => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    const error = await app.dispatch(OpenAccount({ accountId, owner: 'Ada' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.code)).toEqual(['invalid_aggregate_id']);
    expect(await store.headPosition()).toBeNull();
  });

  it('an id whose stream id is exactly at the byte limit is accepted', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    const accountId = 'a'.repeat(MAX_IDENTIFIER_BYTES - category.length);
    const result = await app.dispatch(OpenAccount({ accountId, owner: 'Ada' }));
    expect(Buffer.byteLength(result.streamId)).toBe(MAX_IDENTIFIER_BYTES);
  });
});
