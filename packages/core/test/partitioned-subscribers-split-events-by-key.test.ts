import { InMemoryEventStore, InMemorySubscriberLocks, InMemorySubscriberStore, partitionOf } from '@factum/event-store';
import { z } from 'zod';
import { createApp, defineEvent, EventHandler, On, Projector, silentLogger, type DecodedEvent, type ProjectionContext } from '@factum/core';
import { eventually } from './support/subscriber-fixtures';

const Counted = defineEvent('PartitionTestCounted', z.object({ counter: z.string(), n: z.number().int() }));

/** Records, per stream, the numbers it saw in order. */
@Projector({ name: 'counters', partitions: 4, readModel: 'durable' })
class Counters {
  readonly seen = new Map<string, number[]>();
  delayMs = 0;

  @On(Counted)
  async counted(event: DecodedEvent<typeof Counted>, ctx: ProjectionContext): Promise<void> {
    expect(ctx.subscriber).toBe('counters');
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.seen.set(event.streamId, [...(this.seen.get(event.streamId) ?? []), event.data.n]);
  }

  reset(): void {
    this.seen.clear();
  }
}

async function appendCounts(store: InMemoryEventStore, streams: number, perStream: number): Promise<void> {
  for (let n = 0; n < perStream; n++) {
    for (let s = 0; s < streams; s++) await store.append(`counter-${s}`, [Counted({ counter: `c${s}`, n })]);
  }
}

describe('a partitioned projector', () => {
  it('handles every event once (none twice across partitions), in stream order, with a checkpoint per partition', async () => {
    const store = new InMemoryEventStore();
    const subscribers = new InMemorySubscriberStore();
    const app = await createApp({ store, projectors: [Counters], subscriptions: { store: subscribers, batchSize: 7 } });
    await app.start();
    await appendCounts(store, 12, 20);
    const counters = app.container.get(Counters);
    await eventually(() => [...counters.seen.values()].reduce((sum, list) => sum + list.length, 0) === 240, 'all 240 events handled');
    for (let s = 0; s < 12; s++) {
      expect(counters.seen.get(`counter-${s}`)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    }
    const status = await app.subscribers.status();
    expect(status.map((s) => s.name).sort()).toEqual(['counters#0', 'counters#1', 'counters#2', 'counters#3']);
    expect(status.every((s) => s.active && s.lag === 0)).toBe(true);
    expect(status.map((s) => s.partition).sort((a, b) => a!.index - b!.index)).toEqual(
      [0, 1, 2, 3].map((index) => ({ subscriber: 'counters', index, count: 4 })),
    );
    await app.stop();
    const head = await store.headPosition();
    for (let index = 0; index < 4; index++) expect(await subscribers.checkpoints.get(`counters#${index}`)).toBe(head);
  });

  it('puts each key in one partition, the same in every process and release, and spreads keys over all partitions', () => {
    // Pinned: a different hash would move keys between the partitions of existing checkpoints.
    expect([0, 1, 2, 3, 4, 5].map((s) => partitionOf(`counter-${s}`, 8))).toEqual([6, 1, 0, 3, 2, 5]);
    const counts = new Array<number>(8).fill(0);
    for (let s = 0; s < 8_000; s++) counts[partitionOf(`account-${s}`, 8)]!++;
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });

  it('strong consistency waits for the partition that handles the event; a rebuild replays every partition', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, projectors: [Counters] });
    await app.start();
    const counters = app.container.get(Counters);
    counters.delayMs = 30;
    await appendCounts(store, 3, 3);
    await app.subscribers.waitFor(await store.headPosition(), { subscribers: ['counters'] });
    expect([...counters.seen.values()].flat().length).toBe(9);
    counters.delayMs = 0;
    await expect(app.projections.rebuild('counters#1')).rejects.toMatchObject({ code: 'REBUILD_REFUSED' });
    const report = await app.projections.rebuild('counters');
    expect(report.events).toBe(9);
    expect([...counters.seen.values()].flat().length).toBe(9);
    expect(counters.seen.get('counter-1')).toEqual([0, 1, 2]);
    await app.stop();
  });

  it('refuses to start with another partition count than its checkpoints were kept with', async () => {
    const store = new InMemoryEventStore();
    const subscribers = new InMemorySubscriberStore();
    const first = await createApp({ store, projectors: [Counters], subscriptions: { store: subscribers, locks: new InMemorySubscriberLocks() } });
    await first.start();
    await first.stop();

    @Projector({ name: 'counters', partitions: 2, readModel: 'durable' })
    class FewerCounters {
      @On(Counted)
      counted(): void {}
    }
    const second = await createApp({ store, projectors: [FewerCounters], subscriptions: { store: subscribers } });
    await expect(second.start()).rejects.toMatchObject({ code: 'PARTITION_COUNT_CHANGED', stored: 4, declared: 2 });

    @Projector({ name: 'counters', readModel: 'durable' })
    class Unpartitioned {
      @On(Counted)
      counted(): void {}
    }
    const third = await createApp({ store, projectors: [Unpartitioned], subscriptions: { store: subscribers } });
    await expect(third.start()).rejects.toMatchObject({ code: 'PARTITION_COUNT_CHANGED', stored: 4, declared: 1 });
  });

  it('answers for all its partitions by its name: dead letters, restart after a stop', async () => {
    let failing = true;
    @Projector({ name: 'picky', partitions: 3, readModel: 'durable', retry: { maxAttempts: 1 }, onError: 'skip' })
    class Picky {
      @On(Counted)
      counted(event: DecodedEvent<typeof Counted>): void {
        if (event.data.n === 1) throw new Error(`cannot count ${event.streamId}`);
      }
    }
    @Projector({ name: 'strict', partitions: 3, readModel: 'durable', retry: { maxAttempts: 1 } })
    class Strict {
      readonly seen: string[] = [];
      @On(Counted)
      counted(event: DecodedEvent<typeof Counted>): void {
        if (failing && event.streamId === 'counter-2') throw new Error('not yet');
        this.seen.push(`${event.streamId}/${event.data.n}`);
      }
    }
    const store = new InMemoryEventStore();
    const app = await createApp({ store, projectors: [Picky, Strict], subscriptions: { store: new InMemorySubscriberStore() }, logger: silentLogger });
    await app.start();
    await appendCounts(store, 6, 2);
    await eventually(async () => (await app.subscribers.deadLetters('picky')).length === 6, 'a dead letter per stream, from every partition');
    expect((await app.subscribers.deadLetters('picky')).map((letter) => letter.streamId).sort()).toEqual([0, 1, 2, 3, 4, 5].map((s) => `counter-${s}`));
    const strictPartition = `strict#${partitionOf('counter-2', 3)}`;
    await eventually(
      async () => (await app.subscribers.status()).find((s) => s.name === strictPartition)?.state === 'stopped',
      'the partition of counter-2 stops',
    );
    failing = false;
    app.subscribers.restart('strict');
    const strict = app.container.get(Strict);
    await eventually(() => strict.seen.length === 12, 'every event handled after the restart');
    expect(strict.seen.filter((entry) => entry.startsWith('counter-2/'))).toEqual(['counter-2/0', 'counter-2/1']);
    await app.stop();
  });

  it('a hot-only partitioned handler starts all its partitions from one shared start marker: no history, every new event', async () => {
    @EventHandler({ name: 'hot', partitions: 3 })
    class Hot {
      readonly seen: string[] = [];
      @On(Counted)
      counted(event: DecodedEvent<typeof Counted>): void {
        this.seen.push(`${event.streamId}/${event.data.n}`);
      }
    }
    const store = new InMemoryEventStore();
    const subscribers = new InMemorySubscriberStore();
    await appendCounts(store, 6, 1);
    const warnings: unknown[] = [];
    const logger = { ...silentLogger, warn: (...args: unknown[]) => void warnings.push(args) };
    const app = await createApp({ store, eventHandlers: [Hot], subscriptions: { store: subscribers }, logger });
    await app.start();
    for (let s = 0; s < 6; s++) await store.append(`counter-${s}`, [Counted({ counter: `c${s}`, n: 1 })]);
    const hot = app.container.get(Hot);
    await app.subscribers.waitFor(await store.headPosition(), { subscribers: ['hot'] });
    expect(hot.seen.sort()).toEqual([0, 1, 2, 3, 4, 5].map((s) => `counter-${s}/1`));
    expect(await subscribers.processStates.load('$subscribers', 'hot')).not.toBeNull();
    for (let index = 0; index < 3; index++) expect(await subscribers.processStates.load('$subscribers', `hot#${index}`)).toBeNull();
    await app.stop();
    // Each partition's first checkpoint write (on stop) was accepted: nothing was refused as a conflict.
    expect(warnings).toEqual([]);
    for (let index = 0; index < 3; index++) expect(await subscribers.checkpoints.get(`hot#${index}`)).toBe(await store.headPosition());
  });

  it('refuses a partition count that is not a whole number from 1 to 1,024 when the app is built', async () => {
    for (const partitions of [0, 1.5, 1025, '4']) {
      @Projector({ name: 'bad', partitions: partitions as number })
      class Bad {
        @On(Counted)
        counted(): void {}
      }
      await expect(createApp({ store: new InMemoryEventStore(), projectors: [Bad] })).rejects.toMatchObject({
        code: 'CONFIGURATION_ERROR',
        message: expect.stringContaining('partitions'),
      });
    }
  });
});
