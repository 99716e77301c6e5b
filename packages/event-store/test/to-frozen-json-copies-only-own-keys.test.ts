import { sameJson, toFrozenJson } from '@factum/event-store';

// toFrozenJson and sameJson walk object keys with for-in (no list per object): a key that an
// object only inherits, as every object does once Object.prototype is polluted, must not be
// copied, nor make a schema's output look different from the checked copy.
describe('toFrozenJson and sameJson with a polluted Object.prototype', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>)['polluted'];
  });

  it('copies own keys only', () => {
    (Object.prototype as Record<string, unknown>)['polluted'] = 'yes';
    const copy = toFrozenJson({ a: 1, nested: { b: 2 } }, 'data');
    expect(Object.keys(copy as object)).toEqual(['a', 'nested']);
    expect(Object.prototype.hasOwnProperty.call(copy, 'polluted')).toBe(false);
    expect(Object.prototype.hasOwnProperty.call((copy as { nested: object }).nested, 'polluted')).toBe(false);
  });

  it('compares own keys only, in any order', () => {
    const json = toFrozenJson({ a: 1, b: { c: 2 } }, 'data');
    (Object.prototype as Record<string, unknown>)['polluted'] = 'yes';
    expect(sameJson({ a: 1, b: { c: 2 } }, json)).toBe(true);
    expect(sameJson({ b: { c: 2 }, a: 1 }, json)).toBe(true);
    expect(sameJson({ a: 1 }, json)).toBe(false);
    expect(sameJson({ a: 1, b: { c: 2 }, d: 3 }, json)).toBe(false);
  });
});
