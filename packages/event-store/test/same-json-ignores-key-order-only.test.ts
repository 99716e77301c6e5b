import fc from 'fast-check';
import { sameJson, toFrozenJson, type JsonValue } from '@factum/event-store';

/**
 * `emit` stores the checked copy of an event's data instead of the schema's output when
 * `sameJson` finds them the same: a false "same" would store data the schema changed (a
 * default, a transform, a stripped key) as it was before, and a resend with other content would
 * pass for the stored event. Key order is the one difference it lets through.
 */
const json = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<JsonValue>;

/**
 * A deep, unfrozen copy with every object's keys in reverse order. Each key is defined, not
 * assigned: assigning to '__proto__' would set the copy's prototype instead of keeping the key.
 */
function reordered(value: JsonValue): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value).reverse()) {
    Object.defineProperty(copy, key, { value: reordered(value[key]!), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** Every way to change one leaf, key or element of `value`, each as a whole new value. */
function changes(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    const out: unknown[] = [[...value, 0]];
    if (value.length > 0) out.push(value.slice(1));
    value.forEach((item, index) => {
      for (const changed of changes(item)) out.push(value.map((other, at) => (at === index ? changed : other)));
    });
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const out: unknown[] = [
      { ...record, added: 1 },
      { ...record, gone: undefined },
    ];
    for (const key of Object.keys(record)) {
      const { [key]: _removed, ...rest } = record;
      out.push(rest);
      for (const changed of changes(record[key])) out.push({ ...record, [key]: changed });
    }
    return out;
  }
  if (typeof value === 'string') return [`${value}x`, 1];
  if (typeof value === 'number') return [value === 0 ? 1 : value * 2, String(value), Number.NaN];
  if (typeof value === 'boolean') return [!value, null];
  return [false, new Date(0)];
}

describe('sameJson', () => {
  it('is true for the same JSON with keys in another order, unfrozen', () => {
    fc.assert(fc.property(json, (value) => sameJson(reordered(value), toFrozenJson(value, 'data'))));
  });

  it('is false for any change of a value, a key, an element, or a type', () => {
    fc.assert(
      fc.property(json, (value) => {
        const frozen = toFrozenJson(value, 'data');
        return changes(value).every((changed) => !sameJson(changed, frozen));
      }),
      { numRuns: 60 },
    );
  });

  it("keeps an own '__proto__' key apart from a prototype", () => {
    const parsed: unknown = JSON.parse('{"__proto__":null,"a":1}');
    const frozen = toFrozenJson(parsed, 'data');
    expect(sameJson(reordered(frozen), frozen)).toBe(true);
    expect(sameJson(Object.assign(Object.create(null), { a: 1 }), frozen)).toBe(false);
    expect(sameJson({ a: 1 }, frozen)).toBe(false);
  });

  it('tells a class instance, an array and an object with an undefined property from plain JSON', () => {
    const frozen = toFrozenJson({ a: [1], b: { c: 'd' } }, 'data');
    expect(sameJson({ b: { c: 'd' }, a: [1] }, frozen)).toBe(true);
    expect(
      sameJson(
        {
          a: [1],
          b: new (class B {
            c = 'd';
          })(),
        },
        frozen,
      ),
    ).toBe(false);
    expect(sameJson({ a: { 0: 1 }, b: { c: 'd' } }, frozen)).toBe(false);
    expect(sameJson({ a: [1], b: { c: 'd', e: undefined } }, frozen)).toBe(false);
    expect(sameJson([{ a: [1], b: { c: 'd' } }], frozen)).toBe(false);
  });
});
