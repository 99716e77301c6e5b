import { InMemoryEventStore, InMemorySnapshotStore } from '@factum/event-store';
import { Aggregate, AggregateRoot, Apply, CommandHandler, createApp, defineCommand, defineEvent, type Logger } from '@factum/core';
import { Container, inject, injectable } from 'inversify';
import { z } from 'zod';
import { BankAccount, Deposit, OpenAccount } from './support/bank';
import { countingReads } from './support/store-helpers';

@Aggregate({ category: 'account', snapshot: { every: 10 } })
class SnapshottedAccount extends BankAccount {}

@Aggregate({ category: 'account', snapshot: { every: 10, version: 2 } })
class ReshapedAccount extends BankAccount {}

async function depositMany(app: Awaited<ReturnType<typeof createApp>>, count: number): Promise<void> {
  await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
  for (let i = 1; i < count; i++) await app.dispatch(Deposit({ accountId: 'a1', amount: i }));
}
const expectedBalance = (count: number): number => (count * (count - 1)) / 2;

describe('snapshots: a load reads the latest snapshot plus the events after it', () => {
  it('takes a snapshot every N events, and a cold load reads only the tail', async () => {
    const inner = new InMemoryEventStore();
    const snapshots = new InMemorySnapshotStore();
    await depositMany(await createApp({ store: inner, snapshots, aggregates: [SnapshottedAccount] }), 25);
    expect(await snapshots.load('account-a1')).toMatchObject({ version: 20, schemaVersion: 1 });

    const { store, reads } = countingReads(inner);
    const fresh = await createApp({ store, snapshots, aggregates: [SnapshottedAccount] });
    const result = await fresh.dispatch(Deposit({ accountId: 'a1', amount: 1000 }));

    expect(result.version).toBe(26);
    expect(reads.events).toBe(5); // versions 21..25, not 25
    expect((await fresh.load(SnapshottedAccount, 'a1'))?.balance).toBe(expectedBalance(25) + 1000);
  });

  it('ignores a snapshot of another shape version and replays every event', async () => {
    const inner = new InMemoryEventStore();
    const snapshots = new InMemorySnapshotStore();
    await depositMany(await createApp({ store: inner, snapshots, aggregates: [SnapshottedAccount] }), 25);

    const { store, reads } = countingReads(inner);
    const reshaped = await createApp({ store, snapshots, aggregates: [ReshapedAccount] });
    const account = await reshaped.load(ReshapedAccount, 'a1');

    expect(account?.balance).toBe(expectedBalance(25));
    expect(reads.events).toBe(25);
  });

  it('uses toSnapshot/fromSnapshot when the aggregate has them', async () => {
    const Add = defineCommand('Add', z.object({ id: z.string(), tag: z.string() }));
    const Added = defineEvent('Added', z.object({ tag: z.string() }));
    @Aggregate({ category: 'tags', snapshot: { every: 2 } })
    class Tags extends AggregateRoot {
      tags = new Set<string>();
      @CommandHandler(Add, { id: (c) => c.id })
      add(c: { tag: string }): void {
        this.emit(Added({ tag: c.tag }));
      }
      @Apply(Added) added(e: { tag: string }): void {
        this.tags.add(e.tag);
      }
      protected override toSnapshot(): unknown {
        return [...this.tags];
      }
      protected override fromSnapshot(state: unknown): void {
        this.tags = new Set(state as string[]);
      }
    }
    const store = new InMemoryEventStore();
    const snapshots = new InMemorySnapshotStore();
    const app = await createApp({ store, snapshots, aggregates: [Tags] });
    for (const tag of ['a', 'b', 'c']) await app.dispatch(Add({ id: 't', tag }));
    expect((await snapshots.load('tags-t'))?.state).toMatchObject({ state: ['a', 'b'] });

    const fresh = await createApp({ store, snapshots, aggregates: [Tags] });
    expect([...(await fresh.load(Tags, 't'))!.tags]).toEqual(['a', 'b', 'c']);
  });

  it('leaves injected services out of the default snapshot, and reports state it cannot keep without failing the command', async () => {
    @injectable()
    class Limits {
      readonly max = 100;
    }
    const Count = defineCommand('Count', z.object({ id: z.string() }));
    const Counted = defineEvent('Counted', z.object({}));
    @Aggregate({ category: 'counter', snapshot: { every: 1 } })
    class Counter extends AggregateRoot {
      count = 0;
      constructor(@inject(Limits) private readonly limits: Limits) {
        super();
      }
      @CommandHandler(Count, { id: (c) => c.id })
      increment(): void {
        if (this.count < this.limits.max) this.emit(Counted({}));
      }
      @Apply(Counted) counted(): void {
        this.count++;
      }
    }
    const container = new Container();
    container.bind(Limits).toSelf().inSingletonScope();
    const store = new InMemoryEventStore();
    const snapshots = new InMemorySnapshotStore();
    const app = await createApp({ store, snapshots, container, aggregates: [Counter] });
    await app.dispatch(Count({ id: 'c' }));
    expect((await snapshots.load('counter-c'))?.state).toMatchObject({ state: { count: 1 } });

    const Stamp = defineCommand('Stamp', z.object({ id: z.string() }));
    const Stamped = defineEvent('Stamped', z.object({}));
    @Aggregate({ category: 'stamps', snapshot: { every: 1 } })
    class Stamps extends AggregateRoot {
      seen = new Map<string, number>();
      @CommandHandler(Stamp, { id: (c) => c.id })
      stamp(): void {
        this.emit(Stamped({}));
      }
      @Apply(Stamped) stamped(): void {
        this.seen.set('x', 1);
      }
    }
    const errors: string[] = [];
    const logger: Logger = { debug() {}, info() {}, warn() {}, error: (_fields, message) => errors.push(message ?? '') };
    const other = await createApp({ store, snapshots, logger, aggregates: [Stamps] });
    const result = await other.dispatch(Stamp({ id: 's' }));
    expect(result.version).toBe(1);
    expect(errors).toEqual(['could not snapshot Stamps']);
    expect(await snapshots.load('stamps-s')).toBeNull();
  });
});
