import fc from 'fast-check';
import { identifierProblem, randomId, textProblem, toFrozenJson } from '@factum/event-store';

// The text checks remember clean texts in slots chosen by more than the length: the keys one
// event carries (`accountId` and `commandId` are both 9 long) must not push each other out, and
// an id dispatch generates is known clean without a scan. The memory may only ever save a scan:
// every answer is the one a first check gives.

/** How many times a check scans text with a regular expression while `run` runs. */
function scans(run: () => void): number {
  const test = jest.spyOn(RegExp.prototype, 'test');
  try {
    run();
    return test.mock.calls.length;
  } finally {
    test.mockRestore();
  }
}

it('remembers keys of the same length side by side', () => {
  const data = { accountId: 'ab', commandId: 'abc' };
  toFrozenJson(data, 'data');
  expect(scans(() => toFrozenJson(data, 'data'))).toBe(0);
});

it('checks a generated id without scanning it', () => {
  const id = randomId();
  expect(scans(() => expect(identifierProblem(id)).toBeNull())).toBe(0);
  expect(scans(() => expect(textProblem(id, 'strings')).toBeNull())).toBe(0);
});

it('gives the answer of a first check, whatever was checked before (property)', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'I', 'd', '\u0000', '\uD800', '\uDC00', '-'), maxLength: 9 });
  fc.assert(
    fc.property(fc.array(text, { maxLength: 40 }), (values) => {
      const first = new Map(values.map((value) => [value, firstProblem(value)]));
      for (const value of values) expect(textProblem(value, 'strings')).toBe(first.get(value));
    }),
    { numRuns: 300 },
  );
});

/** The answer without the memory: every slot is taken by other texts first. */
function firstProblem(value: string): string | null {
  for (let length = 1; length <= 12; length++) for (const unit of 'xyzw') textProblem(unit.repeat(length), 'strings');
  return textProblem(value, 'strings');
}
