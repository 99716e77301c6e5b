import { asGlobalPosition, InMemorySubscriberStore, type NewDeadLetter, type SubscriberStore } from '@factum/event-store';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { openTestDatabase, where, type TestDatabase } from './support/subscriptions-database';

// Process-manager state and dead letters reach Postgres as text and jsonb: NUL, lone surrogates,
// over-long keys and too-deep state are refused with InvalidInputError before any SQL, by the
// Postgres store and by the in-memory one alike (so tests on the in-memory store catch them).
const position = asGlobalPosition(`${'1'.padStart(20, '0')}:${'1'.padStart(19, '0')}`);
const letter = (change: Partial<NewDeadLetter> & { message?: string }): NewDeadLetter => ({
  subscriber: 'proj',
  eventId: 'e1',
  eventType: 'T',
  streamId: 's-1',
  version: 1,
  position,
  error: { name: 'Error', message: change.message ?? 'boom', code: null, stack: null },
  attempts: 1,
  ...change,
});
const deep = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`);

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('subtext');
});
afterAll(() => db.drop());

const stores: Array<[string, () => SubscriberStore<unknown>]> = [
  [`PostgresSubscriberStore ${where}`, () => new PostgresSubscriberStore(db.client, { schema: db.schema }) as SubscriberStore<unknown>],
  ['InMemorySubscriberStore', () => new InMemorySubscriberStore() as SubscriberStore<unknown>],
];

describe.each(stores)('%s', (_name, open) => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a key with NUL', { key: 'k\u0000' }, 'key'],
    ['a key of 334 CJK characters (1,002 bytes)', { key: '漢'.repeat(334) }, 'key'],
    ['a process name with a lone surrogate', { processName: 'pm\uD83D' }, 'processName'],
    ['state with NUL in a string', { state: { note: 'a\u0000b' } }, 'process state.note'],
    ['state nested 5,000 deep', { state: deep(5_000) }, 'process state'],
    ['null instead of an instance', { __replace: null }, 'instance'],
  ])('refuses process state with %s, inside and outside a transaction', async (_what, change, argument) => {
    const store = open();
    const instance = '__replace' in change ? change.__replace : { processName: 'pm', key: 'k1', state: { step: 1 }, position, ...change };
    const save = (states: SubscriberStore<unknown>['processStates']) => states.save(instance as never);
    await expect(save(store.processStates)).rejects.toMatchObject({ code: 'INVALID_INPUT', argument });
    await expect(store.transaction((session) => save(session.processStates))).rejects.toMatchObject({ code: 'INVALID_INPUT', argument });
    expect(await store.processStates.list('pm')).toEqual([]);
  });

  it.each<[string, Partial<NewDeadLetter> & { message?: string }, string]>([
    ['NUL in the error message', { message: 'bad input: a\u0000b' }, 'deadLetter.error.message'],
    ['a lone surrogate in the error message', { message: '\uDE00' }, 'deadLetter.error.message'],
    ['an event id of 1,001 bytes', { eventId: 'e'.repeat(1001) }, 'eventId'],
    ['an event type with NUL', { eventType: 'T\u0000' }, 'deadLetter.eventType'],
    ['attempts past 2^31 - 1', { attempts: 2 ** 31 }, 'deadLetter.attempts'],
  ])('refuses a dead letter with %s', async (_what, change, argument) => {
    const store = open();
    await expect(store.deadLetters.add(letter(change))).rejects.toMatchObject({ code: 'INVALID_INPUT', argument });
    await expect(store.transaction((session) => session.deadLetters.add(letter(change)))).rejects.toMatchObject({ code: 'INVALID_INPUT', argument });
    expect(await store.deadLetters.list('proj')).toEqual([]);
  });
});
