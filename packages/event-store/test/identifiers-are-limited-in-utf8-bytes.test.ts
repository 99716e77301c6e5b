import fc from 'fast-check';
import { checkIdentifier, identifierProblem, MAX_IDENTIFIER_BYTES, utf8ByteLength } from '@factum/event-store';

const refusal = (value: unknown): unknown => {
  try {
    checkIdentifier(value, 'streamId');
  } catch (error) {
    return { name: (error as Error).name, code: (error as { code?: unknown }).code, argument: (error as { argument?: unknown }).argument };
  }
  return 'accepted';
};
const refused = { name: 'InvalidInputError', code: 'INVALID_INPUT', argument: 'streamId' };

describe(`identifiers are limited to ${MAX_IDENTIFIER_BYTES} UTF-8 bytes`, () => {
  it('accepts identifiers of exactly the limit in one-, two-, three- and four-byte characters', () => {
    const exact = ['a'.repeat(MAX_IDENTIFIER_BYTES), 'é'.repeat(MAX_IDENTIFIER_BYTES / 2), `${'漢'.repeat(333)}x`, '😀'.repeat(MAX_IDENTIFIER_BYTES / 4)];
    for (const id of exact) {
      expect(Buffer.byteLength(id, 'utf8')).toBe(MAX_IDENTIFIER_BYTES);
      expect(refusal(id)).toBe('accepted');
    }
  });

  it('refuses one byte more, though the id is far under the limit in UTF-16 units', () => {
    const over = [
      'a'.repeat(MAX_IDENTIFIER_BYTES + 1),
      `${'漢'.repeat(333)}xy`,
      '漢'.repeat(334),
      '😀'.repeat(MAX_IDENTIFIER_BYTES / 4) + 'a',
      '漢'.repeat(1000),
    ];
    for (const id of over) {
      expect(id.length).toBeLessThanOrEqual(MAX_IDENTIFIER_BYTES + 1);
      expect(refusal(id)).toEqual(refused);
      expect(identifierProblem(id)).toContain('bytes');
    }
  });

  it('refuses NUL, lone surrogates, whitespace at the ends, empty strings and non-strings with the same error', () => {
    for (const id of ['a\u0000b', '\uD83Dx', 'x\uDE00', ' a', 'a\n', '', 42, null, undefined, {}, ['a'], Symbol('s')]) {
      expect(refusal(id)).toEqual(refused);
    }
  });

  it('counts UTF-8 bytes exactly as Buffer does, for any well-formed string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 50 }), (graphemes, binary) => {
        for (const text of [graphemes, binary]) expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
      }),
      { numRuns: 500 },
    );
  });
});
