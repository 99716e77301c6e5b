import { InMemoryEventStore, type RecordedEvent } from '@factum/event-store';

async function firstOf(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent> {
  for await (const event of events) return event;
  throw new Error('no event');
}

describe('InMemoryEventStore: occurredAt of a stored event', () => {
  it('cannot be changed through any setter, so a reader cannot change the stored event', async () => {
    const store = new InMemoryEventStore();
    const { events } = await store.append('s-1', [{ type: 'Noted', data: 1 }]);
    const time = events[0]!.occurredAt.getTime();
    const setters = Object.getOwnPropertyNames(Date.prototype).filter((name) => name.startsWith('set'));
    expect(setters.length).toBeGreaterThanOrEqual(15);
    for (const name of setters) {
      const setter = (events[0]!.occurredAt as unknown as Record<string, (value: number) => number>)[name]!;
      expect(() => setter.call(events[0]!.occurredAt, 0)).toThrow(TypeError);
    }
    const read = await firstOf(store.readStream('s-1'));
    expect(read.occurredAt.getTime()).toBe(time);
    expect(Object.isFrozen(read.occurredAt)).toBe(true);
  });

  it('is otherwise a Date: equal, strictly too, to a plain Date of the same time, and the same in JSON', async () => {
    const store = new InMemoryEventStore();
    const { events } = await store.append('s-1', [{ type: 'Noted', data: 1 }]);
    const occurredAt = events[0]!.occurredAt;
    const plain = new Date(occurredAt.getTime());
    expect(occurredAt).toBeInstanceOf(Date);
    expect(occurredAt).toStrictEqual(plain);
    expect(JSON.stringify(events[0])).toBe(JSON.stringify({ ...events[0], occurredAt: plain }));
    expect(new Date(occurredAt).getTime()).toBe(plain.getTime());
    expect(Math.abs(occurredAt.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
