import fc from 'fast-check';
import { toFrozenJson, type JsonValue } from '@factum/event-store';

const refused = (value: unknown): { code: unknown; argument: unknown } => {
  try {
    toFrozenJson(value, 'data');
  } catch (error) {
    return { code: (error as { code?: unknown }).code, argument: (error as { argument?: unknown }).argument };
  }
  throw new Error(`${String(value)} was accepted`);
};

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

describe('toFrozenJson', () => {
  it('returns a deep-frozen copy equal to what a JSON round trip gives, for any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = toFrozenJson(value, 'data');
        expect(copy).toStrictEqual(JSON.parse(JSON.stringify(value)) as JsonValue);
        expect(isDeepFrozen(copy)).toBe(true);
        if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value);
      }),
      { numRuns: 300 },
    );
  });

  it('drops undefined object properties, as JSON does, and turns -0 into 0', () => {
    expect(toFrozenJson({ a: 1, b: undefined, c: { d: undefined } }, 'data')).toStrictEqual({ a: 1, c: {} });
    expect(Object.is(toFrozenJson(-0, 'data'), 0)).toBe(true);
    expect(Object.is((toFrozenJson({ x: [-0] }, 'data') as { x: number[] }).x[0], 0)).toBe(true);
  });

  it("keeps a '__proto__' key as data, without touching the copy's prototype", () => {
    const parsed = JSON.parse('{"__proto__": {"admin": true}, "name": "x"}') as object;
    const copy = toFrozenJson(parsed, 'data') as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy).sort()).toEqual(['__proto__', 'name']);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
    expect((copy as { admin?: unknown }).admin).toBeUndefined();
  });

  it('accepts the same object twice (not a cycle) and null-prototype objects', () => {
    const shared = { n: 1 };
    expect(toFrozenJson({ a: shared, b: [shared, shared] }, 'data')).toStrictEqual({ a: { n: 1 }, b: [{ n: 1 }, { n: 1 }] });
    const bare = Object.assign(Object.create(null) as object, { k: 'v' });
    expect(JSON.stringify(toFrozenJson(bare, 'data'))).toBe('{"k":"v"}');
  });

  it('refuses what JSON would change or lose, naming the path to it', () => {
    const cycle: Record<string, unknown> = {};
    cycle.again = { cycle };
    class Point {
      x = 1;
    }
    const cases: Array<[unknown, string]> = [
      [() => 1, 'data'],
      [Number.NaN, 'data'],
      [Number.NEGATIVE_INFINITY, 'data'],
      [BigInt(2), 'data'],
      [Symbol('s'), 'data'],
      [undefined, 'data'],
      [{ at: new Date() }, 'data.at'],
      [{ list: [1, { m: new Map() }] }, 'data.list[1].m'],
      [new Set([1]), 'data'],
      [new Point(), 'data'],
      [cycle, 'data.again.cycle'],
      [[1, undefined], 'data[1]'],
      // an array hole, which JSON would turn into null silently
      // eslint-disable-next-line no-sparse-arrays -- a hole is the input under test
      [[1, , 3], 'data[1]'],
      [{ text: 'a\u0000b' }, 'data.text'],
      [{ 'k\u0000': 1 }, 'data'],
      [{ half: '\uD83D' }, 'data.half'],
      [{ half: 'x\uDE00y' }, 'data.half'],
      [{ ['\uD83D']: 1 }, 'data'],
    ];
    for (const [value, argument] of cases) expect(refused(value)).toEqual({ code: 'INVALID_INPUT', argument });
  });

  it('accepts surrogate pairs (emoji, astral characters) and keeps them exactly', () => {
    const text = '😀 𝔘 👩\u200D👩\u200D👧 e\u0301 \u00E9';
    expect(toFrozenJson({ [text]: text }, 'data')).toStrictEqual({ [text]: text });
  });
});
