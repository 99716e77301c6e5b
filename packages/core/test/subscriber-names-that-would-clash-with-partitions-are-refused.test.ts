import { InMemoryEventStore, InMemorySubscriberStore } from '@factum/event-store';
import { createApp, defineEvent, EventHandler, InvalidSubscriberError, On, ProcessManager, Projector, type SubscriberClass } from '@factum/core';
import { z } from 'zod';

const Noted = defineEvent('Noted', z.object({ id: z.string() }));

/** Builds an app with one subscriber class and returns what creating it threw. */
async function refusal(kind: 'projectors' | 'eventHandlers' | 'processManagers', type: SubscriberClass): Promise<unknown> {
  return createApp({ store: new InMemoryEventStore(), [kind]: [type], subscriptions: { store: new InMemorySubscriberStore() } }).then(
    () => null,
    (error: unknown) => error,
  );
}

describe('a subscriber name that would clash with partitions or with what Factum keeps is refused, naming the subscriber', () => {
  it("refuses '#' in a projector's name: 'balances#1' is partition 1 of 'balances'", async () => {
    @Projector({ name: 'balances#1', readModel: 'memory' })
    class Clashing {
      @On(Noted)
      noted(): void {}
    }
    const error = await refusal('projectors', Clashing);
    expect(error).toBeInstanceOf(InvalidSubscriberError);
    expect(error).toMatchObject({ code: 'INVALID_SUBSCRIBER', subscriber: 'balances#1' });
    expect((error as Error).message).toMatch(/'balances#1'.*'#' is reserved for partitions/);
  });

  it("refuses '#' in a partitioned subscriber's name, and in event handlers' and process managers' names", async () => {
    @Projector({ name: 'totals#eu', readModel: 'memory', partitions: 4 })
    class PartitionedClash {
      @On(Noted)
      noted(): void {}
    }
    @EventHandler({ name: 'mailer#2' })
    class HandlerClash {
      @On(Noted)
      noted(): void {}
    }
    @ProcessManager({ name: 'transfers#0' })
    class ManagerClash {
      @On(Noted, { start: true, key: (data) => data.id })
      noted(): void {}
    }
    expect(await refusal('projectors', PartitionedClash)).toMatchObject({ code: 'INVALID_SUBSCRIBER', subscriber: 'totals#eu' });
    expect(await refusal('eventHandlers', HandlerClash)).toMatchObject({ code: 'INVALID_SUBSCRIBER', subscriber: 'mailer#2' });
    expect(await refusal('processManagers', ManagerClash)).toMatchObject({ code: 'INVALID_SUBSCRIBER', subscriber: 'transfers#0' });
  });

  it("refuses a '$' prefix (member leases are '$members#<n>'), for a partitioned subscriber too", async () => {
    @Projector({ name: '$members', readModel: 'memory', partitions: 2 })
    class MemberClash {
      @On(Noted)
      noted(): void {}
    }
    const error = await refusal('projectors', MemberClash);
    expect(error).toMatchObject({ code: 'INVALID_SUBSCRIBER', subscriber: '$members' });
    expect((error as Error).message).toMatch(/reserved for Factum/);
  });

  it('accepts a partitioned subscriber with a plain name: its partitions are named <name>#<index>', async () => {
    @Projector({ name: 'balances', readModel: 'memory', partitions: 3 })
    class Balances {
      @On(Noted)
      noted(): void {}
    }
    const app = await createApp({ store: new InMemoryEventStore(), projectors: [Balances] });
    await app.start();
    expect((await app.subscribers.status()).map((status) => status.name).sort()).toEqual(['balances#0', 'balances#1', 'balances#2']);
    await app.stop();
  });
});
