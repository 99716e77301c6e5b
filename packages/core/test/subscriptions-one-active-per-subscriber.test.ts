import { CheckpointConflictError, InMemoryEventStore, InMemorySubscriberLocks, InMemorySubscriberStore } from '@factum/event-store';
import { SubscriptionRuntime } from '../src/subscriptions/subscription-runtime';
import { appendMany, eventually, numbers, range, recordingSpec } from './support/subscriber-fixtures';

describe('several runtimes sharing one store', () => {
  it('run each subscriber in exactly one of them, and another takes over when the holder dies', async () => {
    const store = new InMemoryEventStore();
    const subscriberStore = new InMemorySubscriberStore();
    const locks = new InMemorySubscriberLocks();
    const settings = { takeoverIntervalMs: 20 };
    const a = new SubscriptionRuntime({ store, subscriberStore, locks, settings });
    const b = new SubscriptionRuntime({ store, subscriberStore, locks, settings });
    const specA = recordingSpec('shared', { atomic: true });
    const specB = recordingSpec('shared', { atomic: true });
    a.add(specA);
    void a.start();
    await eventually(async () => (await a.status())[0]!.active, 'a is active');
    b.add(specB);
    void b.start();
    await eventually(async () => (await b.status())[0]!.state === 'standby', 'b on standby');

    await appendMany(store, 20);
    await eventually(() => specA.seen.length === 20, 'a handles');
    expect(specB.seen).toHaveLength(0);

    // The holder "dies": its lease is gone and it runs no more; b takes over from the checkpoint.
    locks.expire('shared');
    await a.stop();
    await eventually(async () => (await b.status())[0]!.active, 'b takes over', 1_000);
    await appendMany(store, 20, 'Happened', 'thing-2');
    await eventually(() => specB.seen.length === 20, 'b handles what comes next');
    expect(numbers(specB.seen)).toEqual(range(0, 20));
    expect(specB.seen.every((e) => e.streamId === 'thing-2')).toBe(true);
    await b.stop();
  });

  it('hand over on a graceful close', async () => {
    const store = new InMemoryEventStore();
    const subscriberStore = new InMemorySubscriberStore();
    const locks = new InMemorySubscriberLocks();
    const a = new SubscriptionRuntime({ store, subscriberStore, locks, settings: { takeoverIntervalMs: 20 } });
    const b = new SubscriptionRuntime({ store, subscriberStore, locks, settings: { takeoverIntervalMs: 20 } });
    const specA = recordingSpec('shared');
    const specB = recordingSpec('shared');
    a.add(specA);
    b.add(specB);
    void a.start();
    await eventually(async () => (await a.status())[0]!.active, 'a is active');
    void b.start();
    await appendMany(store, 10);
    await eventually(() => specA.seen.length === 10, 'a handles ten');
    await a.stop();
    await appendMany(store, 5, 'Happened', 'thing-2');
    await eventually(() => specB.seen.length === 5, 'b handles the next five only');
    expect(locks.holders()).toEqual(['shared']);
    await b.stop();
  });

  it('fences checkpoint writes: a runner that lost ownership cannot move the checkpoint', async () => {
    const subscriberStore = new InMemorySubscriberStore();
    const store = new InMemoryEventStore();
    await appendMany(store, 2);
    const [first, second] = await (async () => {
      const out = [];
      for await (const e of store.readAll()) out.push(e.position);
      return out;
    })();
    await subscriberStore.checkpoints.set('fenced', second!);
    await expect(subscriberStore.transaction((s) => s.checkpoints.set('fenced', first!, { expected: null }))).rejects.toBeInstanceOf(CheckpointConflictError);
    expect(await subscriberStore.checkpoints.get('fenced')).toBe(second);
  });
});
