import { DuplicateEventError, InMemoryEventStore, InvalidInputError, WrongExpectedVersionError, type RecordedEvent } from '@factum/event-store';

/**
 * The in-memory store finds the ids it generates by their counter instead of in a table of every
 * id. These cases aim at the seams of that: ids a caller chooses in the store's own form, for a
 * counter already issued, issued to an append that failed, or not issued yet.
 */
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function appendOne(store: InMemoryEventStore, streamId: string, eventId?: string): Promise<RecordedEvent> {
  const result = await store.append(streamId, [{ type: 'Noted', data: { streamId }, ...(eventId === undefined ? {} : { eventId }) }]);
  return result.events[0]!;
}

/** The id the store's counter `n` stands for, given one id it generated. */
function idWithCounter(generated: string, counter: number): string {
  return generated.slice(0, 24) + counter.toString(16).padStart(12, '0');
}

function counterOf(generated: string): number {
  return parseInt(generated.slice(24), 16);
}

async function allIds(store: InMemoryEventStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const event of store.readAll()) ids.push(event.eventId);
  return ids;
}

describe('InMemoryEventStore: generated event ids', () => {
  it('are distinct version 8 UUIDs, different from one store to another', async () => {
    const [a, b] = [new InMemoryEventStore(), new InMemoryEventStore()];
    for (let i = 0; i < 300; i++)
      await a.append(`s-${i % 7}`, [
        { type: 'Noted', data: i },
        { type: 'Noted', data: i },
      ]);
    const ids = await allIds(a);
    expect(ids.filter((id) => !UUID_V8.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(600);
    expect((await appendOne(b, 's-1')).eventId.slice(0, 24)).not.toBe(ids[0]!.slice(0, 24));
  });

  it('refuse a chosen id that a generated one already has, and recognise it as a resend', async () => {
    const store = new InMemoryEventStore();
    const first = await appendOne(store, 's-1');
    await appendOne(store, 's-1');
    await expect(appendOne(store, 's-2', first.eventId)).rejects.toBeInstanceOf(DuplicateEventError);
    const resend = await store.append('s-1', [{ type: 'Noted', data: { streamId: 's-1' }, eventId: first.eventId }], { acceptResends: true });
    expect(resend.alreadyStored).toEqual([first]);
    expect(await allIds(store)).toHaveLength(2);
  });

  it('never issue an id a caller chose ahead of its counter', async () => {
    const store = new InMemoryEventStore();
    const first = await appendOne(store, 's-1');
    const ahead = [2, 3, 5].map((step) => idWithCounter(first.eventId, counterOf(first.eventId) + step));
    for (const id of ahead) await appendOne(store, 's-chosen', id);
    for (let i = 0; i < 10; i++) await appendOne(store, 's-generated');
    const ids = await allIds(store);
    expect(ids).toHaveLength(14);
    expect(new Set(ids).size).toBe(14);
    // Each chosen id is stored once, and found again: a second append of it is a duplicate.
    for (const id of ahead) await expect(appendOne(store, 's-3', id)).rejects.toBeInstanceOf(DuplicateEventError);
  });

  it('take a chosen id in the same append into account, whichever event comes first', async () => {
    const store = new InMemoryEventStore();
    const first = await appendOne(store, 's-1');
    const next = idWithCounter(first.eventId, counterOf(first.eventId) + 1);
    const result = await store.append('s-2', [
      { type: 'Noted', data: 1 },
      { type: 'Noted', data: 2, eventId: next },
    ]);
    expect(result.events.map((event) => event.eventId)[1]).toBe(next);
    expect(result.events[0]!.eventId).not.toBe(next);
    expect(new Set(await allIds(store)).size).toBe(3);
  });

  it('let a caller have the id of a counter issued to an append that failed, and find it afterwards', async () => {
    const store = new InMemoryEventStore();
    const first = await appendOne(store, 's-1');
    // The counter after the first is issued to this append, which is refused: nothing is stored with it.
    await expect(store.append('s-1', [{ type: 'Noted', data: 0 }], { expectedVersion: 5 })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    const burned = idWithCounter(first.eventId, counterOf(first.eventId) + 1);
    const later = await appendOne(store, 's-1');
    expect(counterOf(later.eventId)).toBe(counterOf(first.eventId) + 2);
    const chosen = await appendOne(store, 's-2', burned);
    expect(chosen.eventId).toBe(burned);
    await expect(appendOne(store, 's-3', burned)).rejects.toBeInstanceOf(DuplicateEventError);
    await expect(appendOne(store, 's-3', later.eventId)).rejects.toBeInstanceOf(DuplicateEventError);
    expect(await allIds(store)).toEqual([first.eventId, later.eventId, burned]);
  });

  it('treat an id of the store form in other letters, or with counter 0, as any other chosen id', async () => {
    const store = new InMemoryEventStore();
    const first = await appendOne(store, 's-1');
    const upper = first.eventId.slice(0, 24) + first.eventId.slice(24).toUpperCase().replace(/\d/g, 'A');
    const zero = idWithCounter(first.eventId, 0);
    await appendOne(store, 's-2', upper);
    await appendOne(store, 's-2', zero);
    await expect(appendOne(store, 's-3', upper)).rejects.toBeInstanceOf(DuplicateEventError);
    await expect(appendOne(store, 's-3', zero)).rejects.toBeInstanceOf(DuplicateEventError);
    expect(await allIds(store)).toHaveLength(3);
  });

  it('still refuse an id repeated inside one append', async () => {
    const store = new InMemoryEventStore();
    const first = await appendOne(store, 's-1');
    await expect(
      store.append('s-2', [
        { type: 'Noted', data: 1, eventId: first.eventId.replace(/.$/, 'f') },
        { type: 'Noted', data: 2, eventId: first.eventId.replace(/.$/, 'f') },
      ]),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('InMemoryEventStore: events appended without metadata', () => {
  it('have frozen metadata, like every other part of a stored event', async () => {
    const store = new InMemoryEventStore();
    const event = await appendOne(store, 's-1');
    expect(event.metadata).toEqual({});
    expect(Object.isFrozen(event.metadata)).toBe(true);
    for await (const read of store.readStream('s-1')) expect(Object.isFrozen(read.metadata)).toBe(true);
  });
});
