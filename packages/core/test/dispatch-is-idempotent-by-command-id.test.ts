import { InMemoryEventStore, InMemorySnapshotStore } from '@factum/event-store';
import { Aggregate, createApp, deterministicId } from '@factum/core';
import { BankAccount, Deposit, OpenAccount, RenameOwner, Withdraw } from './support/bank';
import { countingReads, readAll } from './support/store-helpers';

@Aggregate({ category: 'account', snapshot: { every: 3 } })
class SnapshottedAccount extends BankAccount {}

async function openWithBalance(app: Awaited<ReturnType<typeof createApp>>, balance: number): Promise<void> {
  await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
  await app.dispatch(Deposit({ accountId: 'a1', amount: balance }));
}

describe('dispatch is idempotent per command id on a stream', () => {
  it('re-dispatching a handled command id returns the earlier result and appends nothing', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    await openWithBalance(app, 100);

    const first = await app.dispatch(Withdraw({ accountId: 'a1', amount: 60 }), { commandId: 'w-1' });
    const again = await app.dispatch(Withdraw({ accountId: 'a1', amount: 60 }), { commandId: 'w-1' });

    expect(first.alreadyHandled).toBe(false);
    expect(again).toEqual({ ...first, alreadyHandled: true });
    expect(await readAll(store, 'account-a1')).toHaveLength(3);
    expect((await app.load(BankAccount, 'a1'))?.balance).toBe(40);
  });

  it('recognises the command from a fresh app on the same store (cold cache), even where the handler would now refuse', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    await openWithBalance(app, 100);
    const first = await app.dispatch(Withdraw({ accountId: 'a1', amount: 80 }), { commandId: 'w-1' });

    const fresh = await createApp({ store, aggregates: [BankAccount] });
    // Balance is 20 now: executing the withdrawal again would be refused; it must not execute at all.
    const again = await fresh.dispatch(Withdraw({ accountId: 'a1', amount: 80 }), { commandId: 'w-1' });

    expect(again).toEqual({ ...first, alreadyHandled: true });
    expect(await readAll(store, 'account-a1')).toHaveLength(3);
  });

  it('recognises it after loading from a snapshot taken after the command', async () => {
    const inner = new InMemoryEventStore();
    const snapshots = new InMemorySnapshotStore();
    const writer = await createApp({ store: inner, snapshots, aggregates: [SnapshottedAccount] });
    await openWithBalance(writer, 100);
    const first = await writer.dispatch(Withdraw({ accountId: 'a1', amount: 70 }), { commandId: 'w-1' });
    await writer.dispatch(Deposit({ accountId: 'a1', amount: 1 }));
    expect((await snapshots.load('account-a1'))?.version).toBe(3);

    const { store, reads } = countingReads(inner);
    const fresh = await createApp({ store, snapshots, aggregates: [SnapshottedAccount] });
    const again = await fresh.dispatch(Withdraw({ accountId: 'a1', amount: 70 }), { commandId: 'w-1' });

    expect(again).toEqual({ ...first, alreadyHandled: true });
    expect(await readAll(inner, 'account-a1')).toHaveLength(4);
    // Snapshot + 1 tail event to load, then exactly the earlier command's event.
    expect(reads.events).toBe(2);
  });

  it('recognises a command older than the remembered window by searching the stream', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount], idempotency: { window: 2 } });
    await openWithBalance(app, 100);
    const first = await app.dispatch(Withdraw({ accountId: 'a1', amount: 90 }), { commandId: 'w-old' });
    for (let i = 0; i < 5; i++) await app.dispatch(Deposit({ accountId: 'a1', amount: 1 }));

    // Balance is 15: a re-run would be refused (InsufficientFunds) — it must answer with the old result instead.
    const refusedAgain = await app.dispatch(Withdraw({ accountId: 'a1', amount: 90 }), { commandId: 'w-old' });
    expect(refusedAgain).toEqual({ ...first, alreadyHandled: true });

    const open = await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }), { commandId: 'open-old' }).catch((e: unknown) => e);
    expect(open).toMatchObject({ code: 'AccountAlreadyOpen' }); // never handled: the refusal stands

    // A repeat whose re-run would emit again collides on its event ids in the store instead.
    const cold = await createApp({ store, aggregates: [BankAccount], idempotency: { window: 0 } });
    const deposit = await app.dispatch(Deposit({ accountId: 'a1', amount: 7 }), { commandId: 'd-1' });
    expect(await cold.dispatch(Deposit({ accountId: 'a1', amount: 7 }), { commandId: 'd-1' })).toEqual({ ...deposit, alreadyHandled: true });
    expect(await readAll(store, 'account-a1')).toHaveLength(2 + 1 + 5 + 1);
  });

  it('lets two apps race the same command id: it is appended once and both get its result', async () => {
    const store = new InMemoryEventStore();
    const first = await createApp({ store, aggregates: [BankAccount] });
    const second = await createApp({ store, aggregates: [BankAccount] });
    await openWithBalance(first, 10);
    await second.dispatch(Deposit({ accountId: 'a1', amount: 0 + 1 })); // both caches warm

    const [a, b] = await Promise.all([
      first.dispatch(Deposit({ accountId: 'a1', amount: 5 }), { commandId: 'same' }),
      second.dispatch(Deposit({ accountId: 'a1', amount: 5 }), { commandId: 'same' }),
    ]);

    expect(a.events.map((e) => e.eventId)).toEqual(b.events.map((e) => e.eventId));
    expect([a.alreadyHandled, b.alreadyHandled].sort()).toEqual([false, true]);
    expect((await first.load(BankAccount, 'a1'))?.balance).toBe(16);
  });

  it('keys idempotency by stream: one command id on two streams runs on both', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    const a = await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }), { commandId: 'shared' });
    const b = await app.dispatch(OpenAccount({ accountId: 'b1', owner: 'Bob' }), { commandId: 'shared' });
    expect(b.alreadyHandled).toBe(false);
    expect(b.events[0]!.eventId).not.toBe(a.events[0]!.eventId);
  });

  it('runs a command that appended nothing again (there is no trace of it)', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    const noop = await app.dispatch(RenameOwner({ accountId: 'a1', owner: 'Ada' }), { commandId: 'r-1' });
    expect(noop).toMatchObject({ version: 1, position: null, events: [], alreadyHandled: false });
  });

  it('derives ids deterministically, as name-based UUIDs', () => {
    const id = deterministicId('account-a1', 'cmd', '0');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicId('account-a1', 'cmd', '0')).toBe(id);
    expect(deterministicId('account-a1', 'cmd', '1')).not.toBe(id);
    expect(deterministicId('ab', 'c')).not.toBe(deterministicId('a', 'bc'));
  });
});
