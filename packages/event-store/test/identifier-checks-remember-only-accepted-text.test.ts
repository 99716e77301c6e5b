import fc from 'fast-check';
import { identifierProblem, toFrozenJson } from '@factum/event-store';

// identifierProblem remembers identifiers it accepted lately (one per length), so a repeated
// check is a single comparison: what it remembers must never let through a different text.
describe('identifier checks right after an accepted identifier', () => {
  it('still refuse every bad identifier of the same length', () => {
    expect(identifierProblem('abc')).toBeNull();
    expect(identifierProblem(' bc')).toMatch(/whitespace/);
    expect(identifierProblem('ab\u0000')).toMatch(/NUL/);
    expect(identifierProblem('ab\uD800')).toMatch(/surrogate/);
    expect(identifierProblem('')).toBe('must not be empty');
    expect(identifierProblem('abc')).toBeNull();
  });

  it('give the same answer as a first check, in any order (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\u0000', '\uD800', '\uDC00', '-'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 30 }), (values) => {
        const first = new Map(values.map((value) => [value, problemOf(value)]));
        for (const value of values) expect(identifierProblem(value)).toBe(first.get(value));
      }),
      { numRuns: 300 },
    );
  });
});

// Text checks remember clean texts lately seen (one per slot) the same way.
it('JSON text checks refuse NUL and lone surrogates right after a clean text of the same length', () => {
  expect(toFrozenJson({ abc: 'xyz' }, 'data')).toEqual({ abc: 'xyz' });
  expect(() => toFrozenJson({ abc: 'xy\u0000' }, 'data')).toThrow(/NUL/);
  expect(() => toFrozenJson({ 'ab\uDC00': 1 }, 'data')).toThrow(/surrogate/);
  expect(() => toFrozenJson(['xyz', 'x\uD800z'], 'data')).toThrow(/surrogate/);
});

/** The answer without the memory: checked after a different accepted id of the same length took the slot. */
function problemOf(value: string): string | null {
  identifierProblem('z'.repeat(value.length) || 'z');
  return identifierProblem(value);
}
