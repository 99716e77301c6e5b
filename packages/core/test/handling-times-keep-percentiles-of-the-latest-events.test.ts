import type { RecordedEvent } from '@factum/event-store';
import { HandlingTimes } from '../src/subscriptions/operations/handling-times';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (ms: number) => ({ occurredAt: new Date(T0 + ms) }) as RecordedEvent;

describe('handling times', () => {
  it('are null before the first event', () => {
    expect(new HandlingTimes().summary()).toBeNull();
  });

  it('measure receive from occurredAt to delivery, and process from delivery to handled, as p50/p95/p99', () => {
    const times = new HandlingTimes();
    // 100 batches of one event: the k-th waited k ms to be delivered and took 2k ms to handle.
    for (let k = 1; k <= 100; k++) times.add([at(0)], T0 + k, T0 + 3 * k);
    expect(times.summary()).toEqual({ events: 100, receive: { p50: 50, p95: 95, p99: 99 }, process: { p50: 100, p95: 190, p99: 198 } });
  });

  it('give every event of a batch the time the batch took', () => {
    const times = new HandlingTimes();
    times.add([at(0), at(10), at(20)], T0 + 20, T0 + 70);
    expect(times.summary()).toEqual({ events: 3, receive: { p50: 10, p95: 20, p99: 20 }, process: { p50: 50, p95: 50, p99: 50 } });
  });

  it('keep only the latest events: old slow ones leave the window', () => {
    const times = new HandlingTimes(10);
    for (let k = 0; k < 10; k++) times.add([at(0)], T0 + 5_000, T0 + 5_000);
    for (let k = 0; k < 10; k++) times.add([at(0)], T0 + 3, T0 + 4);
    expect(times.summary()).toEqual({ events: 10, receive: { p50: 3, p95: 3, p99: 3 }, process: { p50: 1, p95: 1, p99: 1 } });
  });

  it('count an event stamped a little after its delivery (clock skew) as received at once', () => {
    const times = new HandlingTimes();
    times.add([at(50)], T0 + 10, T0 + 20);
    expect(times.summary()!.receive).toEqual({ p50: 0, p95: 0, p99: 0 });
  });
});
