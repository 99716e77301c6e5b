import { InMemoryEventStore } from '@factum/event-store';
import { firstValueFrom, filter } from 'rxjs';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { appendMany, eventually, numbers, range, recordingSpec } from './support/subscriber-fixtures';

describe('subscribers run independently', () => {
  it('a subscriber that keeps throwing stops alone; the others handle every event', async () => {
    const store = new InMemoryEventStore();
    const runtime = new SubscriptionRuntime({ store });
    const broken = recordingSpec('broken', {
      behaviour: (event) => {
        if ((event.data as { n: number }).n === 3) throw new Error('cannot handle 3');
      },
    });
    const healthy = recordingSpec('healthy');
    runtime.add(broken);
    runtime.add(healthy);
    const stopped = firstValueFrom(runtime.errors$.pipe(filter((e) => e.decision === 'stop')));
    void runtime.start();
    await appendMany(store, 50);

    const failure = await stopped;
    expect(failure.subscriber).toBe('broken');
    expect(failure.event && (failure.event.data as { n: number }).n).toBe(3);
    await eventually(() => healthy.seen.length === 50, 'healthy handles all 50');
    expect(numbers(healthy.seen)).toEqual(range(0, 50));
    expect(numbers(broken.seen)).toEqual([0, 1, 2]);

    const status = Object.fromEntries((await runtime.status()).map((s) => [s.name, s]));
    expect(status.broken!.state).toBe('stopped');
    expect(status.broken!.lastError?.message).toBe('cannot handle 3');
    expect(status.broken!.lag).toBe(47);
    expect(status.healthy!.state).toBe('live');
    expect(status.healthy!.lag).toBe(0);
    await runtime.stop();
  });

  it('a slow subscriber does not hold back a fast one', async () => {
    const store = new InMemoryEventStore();
    const runtime = new SubscriptionRuntime({ store, settings: { batchSize: 10 } });
    const slow = recordingSpec('slow', { behaviour: () => new Promise((resolve) => setTimeout(resolve, 20)) });
    const fast = recordingSpec('fast');
    runtime.add(slow);
    runtime.add(fast);
    void runtime.start();
    await appendMany(store, 200);
    await eventually(() => fast.seen.length === 200, 'fast handles all 200', 2_000);
    // 200 events at 20 ms each take the slow one 4 s; the fast one was done long before.
    expect(slow.seen.length).toBeLessThan(100);
    await runtime.stop();
  });

  it('a stopped subscriber handles its failing event again after restart, and goes on', async () => {
    const store = new InMemoryEventStore();
    const runtime = new SubscriptionRuntime({ store });
    let fixed = false;
    const spec = recordingSpec('flaky', {
      behaviour: (event) => {
        if (!fixed && (event.data as { n: number }).n === 5) throw new Error('not yet');
      },
    });
    runtime.add(spec);
    void runtime.start();
    await appendMany(store, 10);
    await eventually(async () => (await runtime.status())[0]!.state === 'stopped', 'stopped at 5');
    expect(numbers(spec.seen)).toEqual(range(0, 5));
    fixed = true;
    runtime.restart('flaky');
    await eventually(() => spec.seen.length === 10, 'all 10 after restart');
    expect(numbers(spec.seen)).toEqual(range(0, 10));
    await runtime.stop();
  });
});
