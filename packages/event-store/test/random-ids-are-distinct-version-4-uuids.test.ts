import { randomUUID } from 'node:crypto';
import { randomId } from '@factum/event-store';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomId', () => {
  it('gives version 4 UUIDs, all distinct, across many refills of its random pool', () => {
    const ids = Array.from({ length: 20_000 }, () => randomId());
    expect(ids.filter((id) => !UUID_V4.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses every hex digit in every free position (the bytes are random, not a counter)', () => {
    const seen = Array.from({ length: 36 }, () => new Set<string>());
    for (let i = 0; i < 2_000; i++) [...randomId()].forEach((char, at) => seen[at]!.add(char));
    const free = [...randomUUID()].map((char, at) => (char === '-' || at === 14 || at === 19 ? -1 : at)).filter((at) => at >= 0);
    for (const at of free) expect(seen[at]!.size).toBe(16);
    expect([...seen[19]!].sort()).toEqual(['8', '9', 'a', 'b']);
  });
});
