import fc from 'fast-check';
import { InMemoryEventStore, sameJson, toFrozenJson, type JsonValue } from '@factum/event-store';

/**
 * A value `toFrozenJson` made is deep-frozen JSON already: handed back (as dispatch hands an
 * event's checked data to the store), it is returned as it is. Anything else is copied, however
 * frozen it is, so nothing made elsewhere can skip the check.
 */
describe('toFrozenJson copies a value once', () => {
  it('returns a value it made itself unchanged, and still copies the caller value each time', () => {
    const input = { a: 1, list: [1, { b: 'x' }] };
    const copy = toFrozenJson(input, 'data');
    expect(toFrozenJson(copy, 'data')).toBe(copy);
    const again = toFrozenJson(input, 'data');
    expect(again).not.toBe(input);
    expect(again).not.toBe(copy);
  });

  it('copies and checks a deep-frozen value it did not make: a frozen Date inside is still refused', () => {
    const frozen = Object.freeze({ a: Object.freeze([1, 2]) });
    const copy = toFrozenJson(frozen, 'data');
    expect(copy).not.toBe(frozen);
    expect(copy).toStrictEqual({ a: [1, 2] });
    const lookalike = Object.freeze({ at: Object.freeze(new Date(0)) });
    expect(() => toFrozenJson(lookalike, 'data')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', argument: 'data.at' }) as Error);
  });

  it('a store keeps the very value toFrozenJson made, and what it returns cannot be changed', async () => {
    const store = new InMemoryEventStore();
    const data = toFrozenJson({ n: 1, nested: { k: 'v' } }, 'data');
    const { events } = await store.append('s-1', [{ type: 'T', data }]);
    expect(events[0]!.data).toBe(data);
    expect(() => {
      ((events[0]!.data as { nested: { k: string } }).nested as { k: string }).k = 'changed';
    }).toThrow(TypeError);
    const { events: others } = await store.append('s-2', [{ type: 'T', data: { n: 1 } }]);
    expect(Object.isFrozen(others[0]!.data)).toBe(true);
  });
});

describe('sameJson against a frozen copy', () => {
  it('holds between any JSON value and its frozen copy (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = JSON.parse(JSON.stringify(value)) as JsonValue;
        expect(sameJson(json, toFrozenJson(json, 'data'))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('fails for anything the copy would change or refuse; another order of keys is the same', () => {
    const json = toFrozenJson({ a: 1, b: [1, 2], c: { d: 'x' } }, 'data');
    class Plain {
      a = 1;
    }
    expect(sameJson({ b: [1, 2], a: 1, c: { d: 'x' } }, json)).toBe(true);
    const differing: unknown[] = [
      { a: 1, b: [1, 2], c: { d: 'x' }, e: undefined },
      { a: 1, b: [1, 2, 3], c: { d: 'x' } },
      { a: 1, b: [1, 2], c: { d: 'y' } },
      { a: Number.NaN, b: [1, 2], c: { d: 'x' } },
      { a: 1, b: { 0: 1, 1: 2 }, c: { d: 'x' } },
      { a: 1, b: [1, 2], c: Object.assign(new Plain(), { d: 'x' }) },
      null,
      'x',
    ];
    for (const value of differing) expect(sameJson(value, json)).toBe(false);
  });
});
