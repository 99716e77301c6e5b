import { InMemoryEventStore } from '@factum/event-store';

// Positions are written digit by digit into a shared buffer: each must be the whole index,
// zero-padded to 16 digits, whatever the previous one left there.
it('gives the n-th event of the log the position n, as 16 zero-padded digits', async () => {
  const store = new InMemoryEventStore();
  const positions: string[] = [];
  for (let n = 1; n <= 120; n++) {
    const result = await store.append(`s-${n % 3}`, [{ type: 'T', data: n }]);
    positions.push(result.position);
  }
  expect(positions[0]).toBe('0000000000000001');
  expect(positions[9]).toBe('0000000000000010');
  expect(positions[99]).toBe('0000000000000100');
  expect(positions[119]).toBe('0000000000000120');
  expect(await store.headPosition()).toBe('0000000000000120');
  for (const position of positions) expect(position).toMatch(/^\d{16}$/);
  const read: string[] = [];
  for await (const event of store.readAll({ after: positions[97] as never, limit: 3 })) read.push(event.position);
  expect(read).toEqual(['0000000000000099', '0000000000000100', '0000000000000101']);
});
