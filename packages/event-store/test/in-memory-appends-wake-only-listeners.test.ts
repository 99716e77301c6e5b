import { InMemoryEventStore } from '@factum/event-store';

describe('InMemoryEventStore wake-ups', () => {
  afterEach(() => jest.restoreAllMocks());

  it('queue no wake-up while nothing listens to appended$', async () => {
    const store = new InMemoryEventStore();
    const queued = jest.spyOn(globalThis, 'queueMicrotask');
    for (let i = 0; i < 5; i++) await store.append('s-1', [{ type: 'Noted', data: i }]);
    expect(queued).not.toHaveBeenCalled();
  });

  it('wake a listener once per tick of appends, and a subscription started later still reads every event', async () => {
    const store = new InMemoryEventStore();
    await store.append('s-1', [{ type: 'Noted', data: 0 }]);
    let wakeups = 0;
    const listening = store.appended$.subscribe(() => wakeups++);
    await Promise.all([store.append('s-1', [{ type: 'Noted', data: 1 }]), store.append('s-2', [{ type: 'Noted', data: 2 }])]);
    await Promise.resolve();
    expect(wakeups).toBe(1);
    listening.unsubscribe();
    const seen: unknown[] = [];
    const subscription = store.subscribe().subscribe((event) => seen.push(event.data));
    await store.append('s-3', [{ type: 'Noted', data: 3 }]);
    for (let i = 0; i < 20 && seen.length < 4; i++) await new Promise((resolve) => setImmediate(resolve));
    subscription.unsubscribe();
    expect(seen).toEqual([0, 1, 2, 3]);
  });
});
