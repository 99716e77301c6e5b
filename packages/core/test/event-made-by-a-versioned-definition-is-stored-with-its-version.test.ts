import { InMemoryEventStore } from '@factum/event-store';
import { defineEvent } from '@factum/core';
import { MessageRegistry } from '../src/messages/message-registry';
import { z } from 'zod';

// Version 1 had a `name`; version 2 has `fullName`, and an upcaster brings old events forward.
const CustomerRenamed = defineEvent('CustomerRenamed', z.object({ fullName: z.string() }), {
  version: 2,
  upcast: { 1: (v1: { name: string }) => ({ fullName: v1.name }) },
});

describe('an event made by a version-2 definition and appended straight to a store', () => {
  it('is stored as schema version 2 and reads back without being upcast again', async () => {
    const store = new InMemoryEventStore();
    await store.append('customer-1', [CustomerRenamed({ fullName: 'Ada Lovelace' })]);
    const [stored] = await collect(store.readStream('customer-1'));
    expect(stored!.schemaVersion).toBe(2);
    const registry = new MessageRegistry();
    registry.registerEvent(CustomerRenamed);
    expect(registry.decode(stored!).data).toEqual({ fullName: 'Ada Lovelace' });
  });

  it('an event of the first version still carries version 1', () => {
    const Opened = defineEvent('Opened', z.object({ id: z.string() }));
    expect(Opened({ id: 'x' }).schemaVersion).toBe(1);
  });
});

async function collect<T>(events: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const event of events) all.push(event);
  return all;
}
