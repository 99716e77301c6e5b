import { InMemoryEventStore } from '@factum/event-store';
import { z } from 'zod';
import { createApp, defineEvent, EventHandler, On, Projector, type DecodedEvent, type ProjectionContext, type RebuildProgress } from '@factum/core';
import { eventually } from './support/subscriber-fixtures';
import { Account, AccountOpened, OpenAccount, RequestTransfer, Transfer, TransferCredited, TransferDebited, TransferProcess } from './support/transfer-domain';

@Projector({ name: 'balances' })
class Balances {
  readonly byAccount = new Map<string, number>();
  delayMs = 0;

  @On(AccountOpened)
  async opened(event: DecodedEvent<typeof AccountOpened>): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.byAccount.set(event.data.accountId, event.data.balance);
  }

  @On(TransferDebited)
  debited(event: DecodedEvent<typeof TransferDebited>): void {
    this.byAccount.set(event.data.accountId, this.byAccount.get(event.data.accountId)! - event.data.amount);
  }

  @On(TransferCredited)
  credited(event: DecodedEvent<typeof TransferCredited>, ctx: ProjectionContext): void {
    expect(ctx.subscriber).toBe('balances');
    this.byAccount.set(event.data.accountId, this.byAccount.get(event.data.accountId)! + event.data.amount);
  }

  reset(): void {
    this.byAccount.clear();
  }
}

describe('decorated projectors', () => {
  it('a strongly consistent dispatch returns only once the read model has the change', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Account], projectors: [Balances] });
    await app.start();
    const balances = app.container.get(Balances);
    balances.delayMs = 50;
    await app.dispatch(OpenAccount({ accountId: 'a', balance: 7 }), { consistency: 'strong' });
    expect(balances.byAccount.get('a')).toBe(7);
    await app.dispatch(OpenAccount({ accountId: 'b', balance: 8 }), { consistency: ['balances'] });
    expect(balances.byAccount.get('b')).toBe(8);

    // Eventual (the default) does not wait.
    await app.dispatch(OpenAccount({ accountId: 'c', balance: 9 }));
    expect(balances.byAccount.has('c')).toBe(false);

    // A timeout says the events were stored.
    balances.delayMs = 300;
    await expect(app.dispatch(OpenAccount({ accountId: 'd', balance: 1 }), { consistency: 'strong', timeoutMs: 20 })).rejects.toMatchObject({
      code: 'CONSISTENCY_TIMEOUT',
      message: expect.stringContaining('events were stored'),
    });
    await expect(app.dispatch(OpenAccount({ accountId: 'e', balance: 1 }), { consistency: ['nope'] })).rejects.toMatchObject({ code: 'UNKNOWN_SUBSCRIBER' });
    expect(await store.streamVersion('account-e')).toBe(0);
    await app.stop();
  });

  it('a rebuild gives the read model live processing built, and never triggers a process manager', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Account, Transfer], projectors: [Balances], processManagers: [TransferProcess] });
    await app.start();
    await eventually(async () => (await app.subscribers.status()).every((s) => s.state === 'live'), 'all live');
    for (let i = 0; i < 20; i++) await app.dispatch(OpenAccount({ accountId: `acc-${i}`, balance: 100 }));
    for (let i = 0; i < 19; i++) await app.dispatch(RequestTransfer({ transferId: `t${i}`, from: `acc-${i}`, to: `acc-${i + 1}`, amount: i + 1 }));
    await eventually(async () => (await app.subscribers.status()).every((s) => s.lag === 0), 'everything handled');
    const balances = app.container.get(Balances);
    const live = new Map(balances.byAccount);
    const process = app.container.get(TransferProcess);
    const handledBefore = process.handled.length;
    const headBefore = await store.headPosition();

    const progress: RebuildProgress[] = [];
    const report = await app.projections.rebuild('balances', { onProgress: (p) => progress.push(p) });
    expect(balances.byAccount).toEqual(live);
    expect(report.events).toBe(20 + 19 * 2);
    expect(progress.at(-1)).toMatchObject({ finished: true, done: report.events });
    expect(process.handled.length).toBe(handledBefore);
    expect(await store.headPosition()).toBe(headBefore); // no command was dispatched
    await expect(app.projections.rebuild('transfers')).rejects.toMatchObject({ code: 'CONFIGURATION_ERROR' });
    await app.stop();
  });

  it('handlers get events upcast to the current schema, and never see types they do not handle', async () => {
    const store = new InMemoryEventStore();
    await store.append('thing-1', [
      { type: 'Renamed', data: { name: 'Ada Lovelace' }, schemaVersion: 1 },
      { type: 'SomethingNobodyDefined', data: { whatever: true } },
      { type: 'Renamed', data: { first: 'Grace', last: 'Hopper' }, schemaVersion: 2 },
    ]);
    const Renamed = defineEvent('Renamed', z.object({ first: z.string(), last: z.string() }), {
      version: 2,
      upcast: { 1: (v1: { name: string }) => ({ first: v1.name.split(' ')[0], last: v1.name.split(' ')[1] }) },
    });
    const seen: string[] = [];
    @Projector({ name: 'names' })
    class Names {
      @On(Renamed)
      renamed(event: DecodedEvent<typeof Renamed>): void {
        seen.push(`${event.data.last}, ${event.data.first} (v${event.schemaVersion})`);
      }
    }
    const app = await createApp({ store, projectors: [Names] });
    const errors: unknown[] = [];
    app.subscribers.errors$.subscribe((e) => errors.push(e));
    await app.start();
    await eventually(() => seen.length === 2, 'two renames');
    expect(seen).toEqual(['Lovelace, Ada (v2)', 'Hopper, Grace (v2)']);
    expect(errors).toEqual([]);
    await app.stop();
  });

  it('an event handler starts at the head by default; a projector at the origin', async () => {
    const store = new InMemoryEventStore();
    const before = await createApp({ store, aggregates: [Account] });
    await before.dispatch(OpenAccount({ accountId: 'old', balance: 1 }));
    const mailed: string[] = [];
    @EventHandler({ name: 'welcome-mail' })
    class WelcomeMail {
      @On(AccountOpened)
      send(event: DecodedEvent<typeof AccountOpened>): void {
        mailed.push(event.data.accountId);
      }
    }
    const app = await createApp({ store, aggregates: [Account], projectors: [Balances], eventHandlers: [WelcomeMail] });
    await app.start();
    await eventually(async () => (await app.subscribers.status()).every((s) => s.state === 'live'), 'all live');
    await app.dispatch(OpenAccount({ accountId: 'new', balance: 1 }), { consistency: ['welcome-mail', 'balances'] });
    expect(mailed).toEqual(['new']);
    expect([...app.container.get(Balances).byAccount.keys()]).toEqual(['old', 'new']);
    const status = await app.subscribers.status();
    expect(status.map((s) => [s.name, s.kind, s.state, s.active, s.lag])).toEqual([
      ['balances', 'projector', 'live', true, 0],
      ['welcome-mail', 'event-handler', 'live', true, 0],
    ]);
    await app.stop();
  });
});
