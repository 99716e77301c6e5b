import { InMemoryEventStore } from '@factum/event-store';
import { createApp, On, Projector, type App, type DispatchOptions } from '@factum/core';
import { AccountOpened, BankAccount, OpenAccount } from './support/bank';

@Projector({ name: 'owners' })
class Owners {
  readonly names: string[] = [];

  @On(AccountOpened)
  opened(event: { data: { owner: string } }): void {
    this.names.push(event.data.owner);
  }
}

let store: InMemoryEventStore;
let app: App;

beforeEach(async () => {
  store = new InMemoryEventStore();
  app = await createApp({ store, aggregates: [BankAccount], projectors: [Owners] });
  await app.start();
});

afterEach(() => app.stop());

const loose = (options: unknown): DispatchOptions => options as DispatchOptions;

async function refusalOf(options: unknown): Promise<unknown> {
  return app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }), loose(options)).then(
    () => 'dispatched',
    (error: unknown) => error,
  );
}

describe('dispatch options are checked before anything is appended', () => {
  it.each<[string, unknown, string]>([
    ['null options', null, 'options'],
    ['a string for options', 'strong', 'options'],
    ['an array for options', [1], 'options'],
    ['metadata that is an array (would be stored as {"0":1,"1":2})', { metadata: [1, 2] }, 'options.metadata'],
    ['metadata that is a string', { metadata: 'who' }, 'options.metadata'],
    ['metadata with NUL in a value', { metadata: { who: 'a\u0000b' } }, 'options.metadata.who'],
    ['metadata with a lone surrogate in a key', { metadata: { ['\uD83D']: 1 } }, 'options.metadata'],
    ['metadata nested 5,000 deep', { metadata: { deep: JSON.parse(`${'['.repeat(5000)}1${']'.repeat(5000)}`) as unknown } }, 'options.metadata'],
    ['a negative timeout with strong consistency', { consistency: 'strong', timeoutMs: -1 }, 'options.timeoutMs'],
    ['a NaN timeout', { consistency: 'strong', timeoutMs: Number.NaN }, 'options.timeoutMs'],
    ["a timeout of 'abc'", { consistency: 'strong', timeoutMs: 'abc' }, 'options.timeoutMs'],
    ['an infinite timeout (setTimeout would fire at once)', { consistency: 'strong', timeoutMs: Number.POSITIVE_INFINITY }, 'options.timeoutMs'],
    ['a fractional timeout', { timeoutMs: 1.5 }, 'options.timeoutMs'],
    ["consistency 'sometimes'", { consistency: 'sometimes' }, 'options.consistency'],
    ['consistency naming a subscriber with NUL', { consistency: ['owners\u0000'] }, 'options.consistency[0]'],
    ['a command id with a lone surrogate', { commandId: 'c-\uDE00' }, 'options.commandId'],
    ['a correlation id of 1,000 CJK characters (3,000 bytes)', { correlationId: '漢'.repeat(1000) }, 'options.correlationId'],
    ['a numeric causation id', { causationId: 7 }, 'options.causationId'],
  ])('%s is refused with InvalidInputError naming the option, and nothing is appended', async (_what, options, argument) => {
    const error = await refusalOf(options);
    expect(error).toMatchObject({ name: 'InvalidInputError', code: 'INVALID_INPUT', argument });
    expect(await store.headPosition()).toBeNull();
  });

  it('valid options still work: metadata is copied onto the events, strong consistency waits for the projector', async () => {
    const metadata = { who: 'Zoë 😀', tags: ['a'] };
    const result = await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }), { metadata, consistency: 'strong', timeoutMs: 2_000 });
    expect(result.events[0]!.metadata).toMatchObject(metadata);
    expect(app.container.get(Owners).names).toEqual(['Ada']);
    metadata.tags.push('changed later');
    expect(result.events[0]!.metadata).toMatchObject({ tags: ['a'] });
  });
});
