import { firstValueFrom, take, toArray } from 'rxjs';
import { InMemoryEventStore, type NewEvent, type RecordedEvent } from '@factum/event-store';
import { liveHeap, mb } from './support/heap';

/**
 * The in-memory store keeps its events in columns (the data and metadata objects, the ids, and
 * numbers in typed arrays) and builds a `RecordedEvent` for each read. What that must not change:
 * every way of reading gives back exactly what the append returned, frozen, holding the very
 * data and metadata objects that were stored; and what it is for: the store keeps no object of
 * its own per event.
 */

/** Every field an event can vary in: chosen and generated ids, two types, schema versions, causation and correlation alike, different or missing. */
function eventNumber(n: number): NewEvent {
  const event: NewEvent = { type: n % 3 === 0 ? 'Opened' : 'Noted', data: { n, items: [n, `item ${n}`] }, schemaVersion: 1 + (n % 4) };
  if (n % 5 === 0) event.eventId = `chosen-${n}`;
  if (n % 2 === 0) event.causationId = `cause-${n}`;
  if (n % 4 === 0) event.correlationId = `cause-${n}`;
  else if (n % 7 === 0) event.correlationId = `conversation-${n}`;
  if (n % 6 === 0) event.metadata = { who: `user ${n}` };
  return event;
}

async function collect<T>(events: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const event of events) all.push(event);
  return all;
}

function expectSameEvents(read: readonly RecordedEvent[], appended: readonly RecordedEvent[]): void {
  expect(read).toEqual(appended);
  read.forEach((event, index) => {
    expect(Object.isFrozen(event)).toBe(true);
    expect(event.data).toBe(appended[index]!.data);
    expect(event.metadata).toBe(appended[index]!.metadata);
    expect(event.occurredAt.getTime()).toBe(appended[index]!.occurredAt.getTime());
  });
}

describe('InMemoryEventStore: events kept in columns', () => {
  // More than one page of numbers (4,096 events), in appends of 1 to 7 events over 11 streams.
  const store = new InMemoryEventStore();
  const appended: RecordedEvent[] = [];

  beforeAll(async () => {
    for (let n = 0, append = 0; n < 5_000; append++) {
      const size = 1 + (append % 7);
      const result = await store.append(
        `stream-${append % 11}`,
        Array.from({ length: size }, (_, offset) => eventNumber(n + offset)),
      );
      appended.push(...result.events);
      n += size;
    }
  });

  it('hands out by readAll, forward and backward, exactly what the appends returned', async () => {
    expectSameEvents(await collect(store.readAll()), appended);
    expectSameEvents((await collect(store.readAll({ direction: 'backward' }))).reverse(), appended);
    expect(appended.map((event) => event.position)).toEqual(appended.map((_, index) => String(index + 1).padStart(16, '0')));
  });

  it('hands out by readStream each stream in version order, from any version', async () => {
    for (let stream = 0; stream < 11; stream++) {
      const mine = appended.filter((event) => event.streamId === `stream-${stream}`);
      expectSameEvents(await collect(store.readStream(`stream-${stream}`)), mine);
      expectSameEvents(await collect(store.readStream(`stream-${stream}`, { fromVersion: 300, limit: 3 })), mine.slice(299, 302));
    }
  });

  it('filters readAll by type, category and time from the columns', async () => {
    expectSameEvents(
      await collect(store.readAll({ filter: { types: ['Opened'] } })),
      appended.filter((event) => event.type === 'Opened'),
    );
    const middle = appended[2_500]!.occurredAt;
    expectSameEvents(
      await collect(store.readAll({ occurredBefore: middle })),
      appended.filter((event) => event.occurredAt.getTime() < middle.getTime()),
    );
  });

  it('keeps causation and correlation ids, alike, different or missing', async () => {
    const related = appended.filter((event) => event.correlationId === 'conversation-7');
    expect(related).toHaveLength(1);
    expectSameEvents(await collect(store.readCorrelated!('conversation-7')), related);
    expect(related[0]!.causationId).toBeNull();
    const both = appended.find((event) => event.correlationId === 'cause-8')!;
    expect(both.causationId).toBe('cause-8');
    expectSameEvents(await collect(store.readCorrelated!('cause-8')), [both]);
  });

  it('finds chosen and generated ids alike for the causation chain and resends', async () => {
    const chosen = appended.find((event) => event.eventId === 'chosen-4095')!;
    const generated = appended[4_097]!;
    expectSameEvents(await store.readCausationChain!('chosen-4095'), [chosen]);
    expectSameEvents(await store.readCausationChain!(generated.eventId), [generated]);
    const resent = await store.append(chosen.streamId, [{ ...eventNumber(4_095), eventId: 'chosen-4095' }], { acceptResends: true });
    expectSameEvents(resent.alreadyStored!, [chosen]);
  });

  it('delivers to a subscription from the origin exactly what the appends returned', async () => {
    const delivered = await firstValueFrom(store.subscribe({ from: 'origin' }).pipe(take(appended.length), toArray()));
    expectSameEvents(delivered, appended);
  });

  it('lists streams with their versions and last times from the columns', async () => {
    const streams = await collect(store.listStreams());
    expect(streams).toHaveLength(11);
    for (const info of streams) {
      const last = appended.filter((event) => event.streamId === info.streamId).pop()!;
      expect(info).toEqual({ streamId: info.streamId, version: last.version, lastEventAt: last.occurredAt, deleted: false });
    }
  });
});

describe('InMemoryEventStore: heap per event', () => {
  it('keeps no object of its own per event: under 100 bytes each beyond the data', async () => {
    const events = 100_000;
    const store = new InMemoryEventStore();
    // Null data and no metadata: nothing the caller gives is kept, so what the heap gains is the store's own.
    const before = liveHeap();
    for (let n = 0; n < events; n += 100) {
      await store.append(
        `stream-${(n / 100) % 1_000}`,
        Array.from({ length: 100 }, () => ({ type: 'Noted', data: null })),
      );
    }
    const perEvent = (liveHeap() - before) / events;
    // Columns take about 50 bytes an event; keeping each RecordedEvent, with its position and id
    // strings, took 230.
    if (perEvent >= 100) throw new Error(`the store keeps ${perEvent.toFixed(0)} bytes per event (${mb(perEvent * events)} for ${events})`);
    expect(await store.streamVersion('stream-0')).toBe(100);
  });
});
