import { MAX_JSON_DEPTH, toFrozenJson } from '@factum/event-store';

/** `depth` arrays inside each other around a 1: `nested(2)` is `[[1]]`. */
function nested(depth: number, wrap: (inner: unknown) => unknown = (inner) => [inner]): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = wrap(value);
  return value;
}

function errorOf(action: () => unknown): Error & { code?: string; argument?: string } {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

describe('toFrozenJson depth limit', () => {
  it(`keeps a value nested exactly ${MAX_JSON_DEPTH} arrays or objects deep, unchanged`, () => {
    for (const wrap of [(inner: unknown) => [inner], (inner: unknown) => ({ k: inner })]) {
      const value = nested(MAX_JSON_DEPTH, wrap);
      expect(JSON.stringify(toFrozenJson(value, 'data'))).toBe(JSON.stringify(value));
    }
  });

  it(`refuses one level more with InvalidInputError naming the argument`, () => {
    for (const wrap of [(inner: unknown) => [inner], (inner: unknown) => ({ k: inner })]) {
      const error = errorOf(() => toFrozenJson(nested(MAX_JSON_DEPTH + 1, wrap), 'events[0].data'));
      expect(error).toMatchObject({ code: 'INVALID_INPUT', argument: 'events[0].data' });
      expect(error.message).toContain(`${MAX_JSON_DEPTH}`);
    }
  });

  it('refuses values 5,000 and 1,000,000 levels deep with InvalidInputError, never a stack overflow', () => {
    for (const depth of [5_000, 1_000_000]) {
      const error = errorOf(() => toFrozenJson({ metadata: nested(depth) }, 'metadata'));
      expect(error.name).toBe('InvalidInputError');
      expect(error.code).toBe('INVALID_INPUT');
    }
  });
});
