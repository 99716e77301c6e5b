import fc from 'fast-check';
import { adoptJsonObject, InMemoryEventStore, InvalidInputError, toFrozenJson, type JsonValue } from '@factum/event-store';

/**
 * `adoptJsonObject` checks an object its caller has just built as `toFrozenJson` would, but
 * freezes it in place; the store then keeps that very object. Nothing it adopts may stay
 * changeable, and nothing `toFrozenJson` would refuse or change may get through as it is.
 */

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

function refusal(value: { [key: string]: unknown }): { argument: string; problem: string } {
  try {
    adoptJsonObject(value, 'metadata');
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return { argument: (error as InvalidInputError).argument, problem: (error as InvalidInputError).problem };
  }
  throw new Error(`${JSON.stringify(value)} was adopted`);
}

describe('adoptJsonObject', () => {
  it('freezes a plain JSON object in place, deeply, equal to its JSON round trip (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (entries) => {
        const built = { ...entries } as { [key: string]: unknown };
        const expected = JSON.parse(JSON.stringify(built)) as JsonValue;
        let adopted: JsonValue;
        try {
          adopted = adoptJsonObject(built, 'metadata');
        } catch (error) {
          // fast-check's strings may hold what no store keeps (a NUL): then toFrozenJson refuses too.
          expect(() => toFrozenJson(entries, 'metadata')).toThrow(InvalidInputError);
          return;
        }
        expect(adopted).toBe(built);
        expect(adopted).toStrictEqual(expected);
        expect(isDeepFrozen(adopted)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is what toFrozenJson, and so an append, then keeps as it is', async () => {
    const adopted = adoptJsonObject({ commandId: 'c-1', commandType: 'Deposit' }, 'metadata');
    expect(toFrozenJson(adopted, 'metadata')).toBe(adopted);
    const store = new InMemoryEventStore();
    const { events } = await store.append('account-1', [{ type: 'Deposited', data: 1, metadata: adopted }]);
    expect(events[0]!.metadata).toBe(adopted);
  });

  it('copies what it was not given to keep: a nested object of the caller stays the caller’s, and the stored copy cannot change', async () => {
    const user = { name: 'ann', roles: ['teller'] };
    const adopted = adoptJsonObject({ commandId: 'c-2', user }, 'metadata') as { user: { name: string; roles: string[] } };
    expect(adopted.user).not.toBe(user);
    expect(Object.isFrozen(user)).toBe(false);
    user.roles.push('admin');
    expect(adopted.user).toEqual({ name: 'ann', roles: ['teller'] });
    expect(isDeepFrozen(adopted)).toBe(true);
  });

  it('hands to toFrozenJson (a copy) an object with an undefined property, a frozen one, or an array', () => {
    const withUndefined = { a: 1, b: undefined };
    const copied = adoptJsonObject(withUndefined, 'metadata');
    expect(copied).not.toBe(withUndefined);
    expect(copied).toStrictEqual({ a: 1 });
    expect(Object.isFrozen(withUndefined)).toBe(false);
    // Frozen by someone else: it may be anything's; checked and copied.
    const frozen = Object.freeze({ a: 1 });
    expect(adoptJsonObject(frozen, 'metadata')).not.toBe(frozen);
    expect(() => adoptJsonObject([1] as unknown as { [key: string]: unknown }, 'metadata')).not.toThrow();
  });

  it('copies an object with a getter or a read-only property: adopted, either could change or refuse its value', () => {
    let calls = 0;
    const withGetter = {
      get moving(): number {
        return ++calls;
      },
    };
    const copied = adoptJsonObject(withGetter, 'metadata') as { moving: number };
    expect(copied).not.toBe(withGetter);
    const first = copied.moving;
    expect(copied.moving).toBe(first);
    expect(Object.getOwnPropertyDescriptor(copied, 'moving')!.get).toBeUndefined();
    const readOnly = Object.defineProperty({}, 'zero', { value: -0, enumerable: true, writable: false, configurable: true }) as { [key: string]: unknown };
    const fromReadOnly = adoptJsonObject(readOnly, 'metadata') as { zero: number };
    expect(fromReadOnly).not.toBe(readOnly);
    expect(Object.is(fromReadOnly.zero, 0)).toBe(true);
  });

  it('with plainProperties, looks at no descriptor, and still checks and freezes every value', () => {
    const descriptors = jest.spyOn(Object, 'getOwnPropertyDescriptor');
    try {
      const built = { ...{ user: { roles: ['a'] } }, commandId: 'c-3' };
      const adopted = adoptJsonObject(built, 'metadata', { plainProperties: true });
      expect(adopted).toBe(built);
      expect(Object.isFrozen(adopted) && Object.isFrozen(adopted['user'])).toBe(true);
      expect(descriptors).not.toHaveBeenCalled();
      adoptJsonObject({ commandId: 'c-4' }, 'metadata');
      expect(descriptors).toHaveBeenCalled();
      expect(() => adoptJsonObject({ ...{ at: new Date(0) } }, 'metadata', { plainProperties: true })).toThrow(InvalidInputError);
    } finally {
      descriptors.mockRestore();
    }
  });

  it('refuses what toFrozenJson refuses, naming the path, and freezes nothing then', () => {
    const bad = { ok: 1, deep: { list: [1, Number.NaN] } };
    expect(refusal(bad)).toEqual({ argument: 'metadata.deep.list[1]', problem: expect.stringContaining('NaN') });
    expect(Object.isFrozen(bad)).toBe(false);
    expect(refusal({ when: new Date(0) }).argument).toBe('metadata.when');
    expect(refusal({ 'a\u0000b': 1 }).argument).toBe('metadata');
    const cycle: { [key: string]: unknown } = { a: {} };
    (cycle['a'] as { [key: string]: unknown })['up'] = cycle;
    expect(refusal(cycle).problem).toContain('circular');
    expect(refusal({ big: 10n }).argument).toBe('metadata.big');
    expect(() => adoptJsonObject(new (class Meta {})() as { [key: string]: unknown }, 'metadata')).toThrow(InvalidInputError);
  });

  it('stores -0 as the 0 every reader gets back, as toFrozenJson does', () => {
    const adopted = adoptJsonObject({ zero: -0, list: [-0] }, 'metadata') as { zero: number; list: number[] };
    expect(Object.is(adopted.zero, 0)).toBe(true);
    expect(Object.is(adopted.list[0], 0)).toBe(true);
  });

  it("keeps a '__proto__' key as data, as toFrozenJson does", () => {
    const built = JSON.parse('{"__proto__": {"admin": true}, "name": "x"}') as { [key: string]: unknown };
    const adopted = adoptJsonObject(built, 'metadata');
    expect(Object.getPrototypeOf(adopted)).toBe(Object.prototype);
    expect(JSON.stringify(adopted)).toBe('{"__proto__":{"admin":true},"name":"x"}');
    expect((adopted as { admin?: unknown }).admin).toBeUndefined();
    expect(isDeepFrozen(adopted)).toBe(true);
  });
});
