// isRefusal is what a process manager asks of a failed ctx.dispatch: compensate (a refusal) or
// rethrow so the runtime retries (an outage). Each refusal below comes from a real dispatch.
import {
  InMemoryEventStore,
  InvalidInputError,
  StoreClosedError,
  StoreUnavailableError,
  WrongExpectedVersionError,
  type GlobalPosition,
  type JsonValue,
} from '@factum/event-store';
import { ConcurrencyError, ConsistencyTimeoutError, createApp, FactumError, isRefusal, type App } from '@factum/core';
import { BankAccount, Deposit, OpenAccount, Withdraw } from './support/bank';

describe('isRefusal', () => {
  let app: App;
  let store: InMemoryEventStore;

  beforeEach(async () => {
    store = new InMemoryEventStore();
    app = await createApp({ store, aggregates: [BankAccount] });
    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
  });

  const failure = (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => fail('expected a rejection'),
      (error: unknown) => error,
    );

  it('is true for what a dispatch refuses: a business rule, the schema, an unknown command, input the store never takes', async () => {
    const refusals = [
      await failure(app.dispatch(Withdraw({ accountId: 'a1', amount: 5 }))), // DomainError InsufficientFunds
      await failure(app.dispatch(Deposit({ accountId: 'a1', amount: -5 }))), // ValidationError
      await failure(app.dispatch({ type: 'NoSuchCommand', data: {} })), // UnknownCommandError
      await failure(app.dispatch(Deposit({ accountId: 'x'.repeat(2_000), amount: 5 }))), // an aggregate id over the byte limit
      await failure(app.dispatch(Deposit({ accountId: 'a1 ', amount: 5 }))), // the router refuses the aggregate id
    ];
    expect(refusals.map((error) => (error as FactumError).code)).toEqual([
      'InsufficientFunds',
      'VALIDATION_FAILED',
      'UNKNOWN_COMMAND',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
    ]);
    // Input only the store can judge (here a metadata value nested too deep) is refused there.
    const deep = JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`) as JsonValue;
    const stored = await failure(app.dispatch(Deposit({ accountId: 'a1', amount: 5 }), { metadata: { deep } }));
    expect((stored as FactumError).code).toBe(InvalidInputError.code);
    expect(isRefusal(stored)).toBe(true);
    for (const error of refusals) expect(isRefusal(error)).toBe(true);
  });

  it('is false for an outage or a lost race, and for a command that was stored', () => {
    const notRefusals: unknown[] = [
      new ConcurrencyError('account-a1', 'Deposit', 3),
      new WrongExpectedVersionError('account-a1', 1, 2),
      new StoreClosedError(),
      new ConsistencyTimeoutError('account-a1', '1' as unknown as GlobalPosition, ['balances'], 10),
      new FactumError('STREAM_ORDER_CONFLICT', 'a newer transaction appended first'),
      new StoreUnavailableError('append to stream account-a1', 'unknown', ['event-1']),
      new FactumError('DATABASE_QUERY_FAILED', 'the database refused a statement (disk full)'),
      Object.assign(new Error('Connection terminated unexpectedly'), { code: '08006' }), // a driver error
      new TypeError('x is undefined'),
      'a string thrown',
      undefined,
    ];
    for (const error of notRefusals) expect([error, isRefusal(error)]).toEqual([error, false]);
  });

  it('is false when the store was closed under the dispatch', async () => {
    await store.close();
    const error = await failure(app.dispatch(Deposit({ accountId: 'a1', amount: 5 })));
    expect(error).toBeInstanceOf(StoreClosedError);
    expect(isRefusal(error)).toBe(false);
  });
});
