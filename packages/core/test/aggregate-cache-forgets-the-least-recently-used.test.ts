import fc from 'fast-check';
import { LruCache } from '../src/aggregates/lru-cache';

/** The cache's order of use, checked against the plainest model: an array, most recent last. */
describe('the aggregate cache', () => {
  it('evicts the least recently used entry, a read counting as a use', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.keys()).toEqual(['a', 'c']);
    cache.set('a', 10);
    cache.set('d', 4);
    expect(cache.keys()).toEqual(['a', 'd']);
    expect(cache.get('a')).toBe(10);
  });

  it('keeps nothing with a capacity of 0', () => {
    const cache = new LruCache<string, number>(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('matches the model for any sequence of gets, sets, deletes and clears', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 6 }), value: fc.integer() }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ kind: fc.constant('clear' as const) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 60 }), (capacity, ops) => {
        const cache = new LruCache<number, number>(capacity);
        let model: [number, number][] = [];
        for (const step of ops) {
          if (step.kind === 'clear') {
            cache.clear();
            model = [];
            continue;
          }
          const at = model.findIndex(([key]) => key === step.key);
          const found = at >= 0 ? model.splice(at, 1)[0] : undefined;
          if (step.kind === 'get') {
            expect(cache.get(step.key)).toBe(found?.[1]);
            if (found) model.push(found);
          } else if (step.kind === 'set') {
            cache.set(step.key, step.value);
            model.push([step.key, step.value]);
            if (model.length > capacity) model.shift();
          } else {
            cache.delete(step.key);
          }
          expect(cache.keys()).toEqual(model.map(([key]) => key));
          expect(cache.size).toBe(model.length);
        }
      }),
    );
  });
});
