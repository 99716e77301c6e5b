import { InMemoryEventStore, type GlobalPosition, type ReadAllOptions } from '@factum/event-store';
import { createTestApp, ExpectationError } from '@factum/testing';
import { WalletBalances } from './domain/balances';
import { Wallet } from './domain/wallet';

// On Postgres an append that has committed can stay unreadable while an older append is still
// open. "Idle" then used to mean "caught up with the readable log", without the test's own event.
// This store holds back everything after `horizon` the same way.
function storeWithHorizon(): { store: InMemoryEventStore; inner: InMemoryEventStore; release(to: GlobalPosition): void } {
  const inner = new InMemoryEventStore();
  let horizon: GlobalPosition | null = null;
  const visible = (position: GlobalPosition) => horizon !== null && inner.comparePositions(position, horizon) <= 0;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'readAll')
        return async function* (options?: ReadAllOptions) {
          for await (const event of target.readAll(options)) if (visible(event.position)) yield event;
        };
      if (property === 'headPosition') return () => Promise.resolve(horizon);
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, inner, release: (to) => (horizon = to) };
}

describe('waitForIdle({ after })', () => {
  it('is not idle until every subscriber has handled everything up to the position', async () => {
    const { store, inner, release } = storeWithHorizon();
    const app = await createTestApp({ store, aggregates: [Wallet], projectors: [WalletBalances] });
    try {
      release((await inner.append('other-1', [{ type: 'Unrelated', data: null }])).position);
      const held = (await inner.append('other-1', [{ type: 'Unrelated', data: null }])).position;
      // Caught up with what is readable: idle in the old sense.
      await app.waitForIdle({ timeoutMs: 500, after: null });
      const waiting = app.waitForIdle({ after: held, timeoutMs: 300 });
      await expect(waiting).rejects.toBeInstanceOf(ExpectationError);
      await expect(waiting).rejects.toThrow(/did not become idle within 300 ms: 'wallet-balances' had not handled the events up to position/);
      release(held);
      await app.waitForIdle({ after: held, timeoutMs: 1_000 });
    } finally {
      await app.stop();
    }
  });
});
