import { InMemoryEventStore } from '@factum/event-store';

it('appends and reads back', async () => {
  const store = new InMemoryEventStore();
  await store.append('account-1', [{ type: 'Opened', data: { owner: 'Ada' } }], { expectedVersion: 'no-stream' });
  const read = [];
  for await (const e of store.readStream('account-1')) read.push(e);
  expect(read.map((e) => e.type)).toEqual(['Opened']);
});
