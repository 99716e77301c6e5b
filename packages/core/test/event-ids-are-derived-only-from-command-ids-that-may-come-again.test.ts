import { InMemoryEventStore } from '@factum/event-store';
import { createApp, deterministicId } from '@factum/core';
import { BankAccount, Deposit, OpenAccount } from './support/bank';
import { readAll } from './support/store-helpers';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A command id the caller (or a middleware) chose may come again, so its events get ids derived
 * from it, and a repeat collides in the store. A command id dispatch generated never comes again:
 * the store generates its events' ids, with no hash to compute.
 */
describe('event ids of a command', () => {
  it('are derived from (stream, command id, index) when the caller gives the command id', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    const result = await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }), { commandId: 'open-a1' });
    expect(result.events.map((event) => event.eventId)).toEqual([deterministicId('account-a1', 'open-a1', '0')]);
  });

  it("are the store's own distinct UUIDs when dispatch generated the command id", async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [BankAccount] });
    const opened = await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    for (let i = 0; i < 50; i++) await app.dispatch(Deposit({ accountId: 'a1', amount: 1 }));
    const events = await readAll(store, 'account-a1');
    const ids = events.map((event) => event.eventId);
    expect(new Set(ids).size).toBe(51);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(opened.commandId).toMatch(UUID_V4);
    expect(ids[0]).not.toBe(deterministicId('account-a1', opened.commandId, '0'));
  });

  it('are derived for a caller id, so a repeat the window has forgotten still collides and appends nothing', async () => {
    const store = new InMemoryEventStore();
    // No window: only the store's duplicate check can recognise the repeat.
    const app = await createApp({ store, aggregates: [BankAccount], idempotency: { window: 0 } });
    await app.dispatch(OpenAccount({ accountId: 'a1', owner: 'Ada' }));
    const first = await app.dispatch(Deposit({ accountId: 'a1', amount: 5 }), { commandId: 'deposit-1' });
    const again = await app.dispatch(Deposit({ accountId: 'a1', amount: 5 }), { commandId: 'deposit-1' });
    expect(again).toEqual({ ...first, alreadyHandled: true });
    expect(await readAll(store, 'account-a1')).toHaveLength(2);
  });
});
