import fc from 'fast-check';
import { Subject, type Subscription } from 'rxjs';
import {
  asGlobalPosition,
  catchUpSubscription,
  type CatchUpOptions,
  type CatchUpSource,
  type GlobalPosition,
  type ReadAllOptions,
  type RecordedEvent,
} from '@factum/event-store';

/**
 * A scripted source: a log in an array, wake-ups on demand, and reads that can be slowed down
 * so that wake-ups and appends land in the middle of a read.
 */
class ScriptedSource implements CatchUpSource {
  readonly log: RecordedEvent[] = [];
  readonly appended$ = new Subject<void>();
  readonly reads: ReadAllOptions[] = [];
  /** Turns of the event loop to wait before yielding each event. */
  slowness = 0;
  finishedReads = 0;
  failWith: Error | undefined;

  append(count: number, wake = true): void {
    for (let index = 0; index < count; index++) {
      const n = this.log.length + 1;
      this.log.push({
        type: n % 2 === 0 ? 'Even' : 'Odd',
        data: { n },
        eventId: `event-${n}`,
        schemaVersion: 1,
        streamId: `stream-${n % 3}`,
        version: n,
        position: asGlobalPosition(String(n).padStart(8, '0')),
        occurredAt: new Date(),
        causationId: null,
        correlationId: null,
        metadata: {},
      });
    }
    if (wake) this.appended$.next();
  }

  async headPosition(): Promise<GlobalPosition | null> {
    return this.log[this.log.length - 1]?.position ?? null;
  }

  async *readAll(options: ReadAllOptions): AsyncIterable<RecordedEvent> {
    this.reads.push(options);
    try {
      let index = options.after === undefined ? 0 : Number(options.after);
      let yielded = 0;
      while (index < this.log.length && yielded < (options.limit ?? Infinity)) {
        for (let turn = 0; turn < this.slowness; turn++) await new Promise((resolve) => setImmediate(resolve));
        if (this.failWith) throw this.failWith;
        const event = this.log[index++]!;
        if (options.filter?.types && !options.filter.types.includes(event.type)) continue;
        yielded++;
        yield event;
      }
    } finally {
      this.finishedReads++;
    }
  }
}

const ns = (events: readonly RecordedEvent[]): number[] => events.map((event) => event.version);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, index) => from + index);

function collect(source: CatchUpSource, options: CatchUpOptions = {}) {
  const events: RecordedEvent[] = [];
  const state: { error?: unknown; subscription?: Subscription } = {};
  state.subscription = catchUpSubscription(source, options).subscribe({
    next: (event) => events.push(event),
    error: (error: unknown) => (state.error = error),
  });
  return { events, state };
}

async function until(condition: () => boolean, what: string, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('catchUpSubscription', () => {
  it('catches up in batches of batchSize, each read starting after the last event delivered', async () => {
    const source = new ScriptedSource();
    source.append(1_050, false);
    const { events, state } = collect(source, { batchSize: 500 });
    await until(() => events.length === 1_050, 'catch-up');
    expect(ns(events)).toEqual(range(1, 1_050));
    expect(source.reads.map((read) => [read.after, read.limit])).toEqual([
      [undefined, 500],
      [events[499]!.position, 500],
      [events[999]!.position, 500],
    ]);
    state.subscription!.unsubscribe();
  });

  it('delivers events appended while a read is in progress, once and in order', async () => {
    const source = new ScriptedSource();
    source.slowness = 2;
    source.append(20);
    const { events, state } = collect(source, { batchSize: 7 });
    for (let round = 0; round < 10; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      source.append(1 + (round % 3));
    }
    await until(() => events.length === source.log.length, 'all events');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ns(events)).toEqual(range(1, source.log.length));
    state.subscription!.unsubscribe();
  });

  it('keeps every event once under random interleavings of appends, wake-ups and slow reads (property)', async () => {
    const step = fc.record({ count: fc.nat({ max: 4 }), wake: fc.boolean(), wait: fc.nat({ max: 3 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), fc.integer({ min: 1, max: 6 }), fc.nat({ max: 2 }), async (steps, batchSize, slowness) => {
        const source = new ScriptedSource();
        source.slowness = slowness;
        const { events, state } = collect(source, { batchSize });
        for (const { count, wake, wait } of steps) {
          source.append(count, wake);
          for (let turn = 0; turn < wait; turn++) await new Promise((resolve) => setImmediate(resolve));
        }
        source.appended$.next(); // a final wake-up: without it, events appended silently may wait for the next one
        await until(() => events.length >= source.log.length, 'all events');
        await new Promise((resolve) => setImmediate(resolve));
        state.subscription!.unsubscribe();
        expect(ns(events)).toEqual(range(1, source.log.length));
      }),
      { numRuns: 60 },
    );
  });

  it('starts after a given position, or after the head without replaying history', async () => {
    const source = new ScriptedSource();
    source.append(5);
    const fromPosition = collect(source, { from: source.log[2]!.position });
    const fromHead = collect(source, { from: 'head' });
    await until(() => fromPosition.events.length === 2, 'the events after the position');
    source.append(2);
    await until(() => fromHead.events.length === 2 && fromPosition.events.length === 4, 'new events');
    expect(ns(fromPosition.events)).toEqual([4, 5, 6, 7]);
    expect(ns(fromHead.events)).toEqual([6, 7]);
    fromPosition.state.subscription!.unsubscribe();
    fromHead.state.subscription!.unsubscribe();
  });

  it('polls when wake-ups are lost, if asked to', async () => {
    const source = new ScriptedSource();
    const { events, state } = collect(source, { pollIntervalMs: 5 });
    source.append(3, false);
    await until(() => events.length === 3, 'the polled events');
    state.subscription!.unsubscribe();
  });

  it('passes the filter to the store', async () => {
    const source = new ScriptedSource();
    source.append(10);
    const { events, state } = collect(source, { filter: { types: ['Even'] }, batchSize: 2 });
    await until(() => events.length === 5, 'the even events');
    expect(ns(events)).toEqual([2, 4, 6, 8, 10]);
    expect(source.reads.every((read) => read.filter?.types?.[0] === 'Even')).toBe(true);
    state.subscription!.unsubscribe();
  });

  it('stops reading when unsubscribed, closing the read in progress', async () => {
    const source = new ScriptedSource();
    source.slowness = 1;
    source.append(100);
    const events: RecordedEvent[] = [];
    // Unsubscribes from inside next, at the 10th event of a 50-event batch: mid-read, whatever the timing.
    const subscription: Subscription = catchUpSubscription(source, { batchSize: 50 }).subscribe((event) => {
      events.push(event);
      if (events.length === 10) subscription.unsubscribe();
    });
    await until(() => events.length >= 10, 'ten events');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.length).toBe(10);
    expect(source.reads.length).toBe(1);
    expect(source.finishedReads).toBe(1); // the read's generator was returned, not left open
    source.append(5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.length).toBe(10);
    expect(source.reads.length).toBe(1);
  });

  it('reports a failing read, a failing head lookup or a failing wake-up signal as an error', async () => {
    const reading = new ScriptedSource();
    reading.append(3);
    reading.failWith = new Error('connection lost');
    const failedRead = collect(reading);
    await until(() => failedRead.state.error !== undefined, 'the read error');
    expect((failedRead.state.error as Error).message).toBe('connection lost');

    const heading = new ScriptedSource();
    heading.headPosition = () => Promise.reject(new Error('no head'));
    const failedHead = collect(heading, { from: 'head' });
    await until(() => failedHead.state.error !== undefined, 'the head error');
    expect((failedHead.state.error as Error).message).toBe('no head');

    const signalling = new ScriptedSource();
    const failedSignal = collect(signalling);
    signalling.appended$.error(new Error('listener died'));
    await until(() => failedSignal.state.error !== undefined, 'the signal error');
    expect((failedSignal.state.error as Error).message).toBe('listener died');
  });

  it('refuses a batchSize below 1, which would read nothing forever', () => {
    expect(() => catchUpSubscription(new ScriptedSource(), { batchSize: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', argument: 'batchSize' }),
    );
    expect(() => catchUpSubscription(new ScriptedSource(), { batchSize: 2.5 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
