import { asGlobalPosition, InvalidInputError } from '@factum/event-store';
import { comparePostgresPositions, formatPosition, parsePosition } from '@factum/postgres';
import fc from 'fast-check';

describe('Postgres position tokens', () => {
  it('order by transaction id first, then by sequence, numerically', () => {
    const ordered = [formatPosition('9', '100'), formatPosition('10', '2'), formatPosition('10', '11'), formatPosition('1000000', '1')];
    for (let index = 1; index < ordered.length; index++) {
      expect(comparePostgresPositions(ordered[index - 1]!, ordered[index]!)).toBeLessThan(0);
      expect(comparePostgresPositions(ordered[index]!, ordered[index - 1]!)).toBeGreaterThan(0);
    }
    // Unpadded tokens compare by value, not as text ('10' > '9').
    expect(comparePostgresPositions(asGlobalPosition('9:1'), asGlobalPosition('10:1'))).toBeLessThan(0);
    expect(comparePostgresPositions(asGlobalPosition('10:1'), formatPosition(10, 1))).toBe(0);
  });

  it('round-trip through parsePosition, and sort as strings in log order (property)', () => {
    const part = fc.bigInt({ min: 0n, max: 2n ** 63n - 1n });
    fc.assert(
      fc.property(part, part, part, part, (xa, sa, xb, sb) => {
        const a = formatPosition(xa.toString(), sa.toString());
        const b = formatPosition(xb.toString(), sb.toString());
        expect(parsePosition(a)).toEqual({ transactionId: xa.toString(), sequence: sa.toString() });
        const expected = xa === xb ? Math.sign(Number(sa - sb)) : Math.sign(Number(xa - xb));
        expect(Math.sign(comparePostgresPositions(a, b))).toBe(expected);
        expect(Math.sign(a < b ? -1 : a > b ? 1 : 0)).toBe(expected);
      }),
    );
  });

  it.each(['', '1', '1:', ':1', '1:1:1', 'a:1', '1:-1', ' 1:1', '1:1 ', '99999999999999999999:1', '1:9223372036854775808'])('refuses %j', (token) => {
    expect(() => parsePosition(token)).toThrow(InvalidInputError);
  });
});
