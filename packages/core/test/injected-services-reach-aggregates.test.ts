import { InMemoryEventStore } from '@factum/event-store';
import { Aggregate, AggregateRoot, Apply, CommandHandler, ConfigurationError, createApp, defineCommand, defineEvent, DomainError } from '@factum/core';
import { Container, inject, injectable } from 'inversify';
import { z } from 'zod';

@injectable()
class FeeSchedule {
  calls = 0;
  feeFor(amount: number): number {
    this.calls++;
    return Math.ceil(amount / 100);
  }
}
const Charge = defineCommand('Charge', z.object({ id: z.string(), amount: z.number() }));
const Charged = defineEvent('Charged', z.object({ amount: z.number(), fee: z.number() }));

@Aggregate({ category: 'card' })
class Card extends AggregateRoot {
  total = 0;
  constructor(@inject(FeeSchedule) private readonly fees: FeeSchedule) {
    super();
  }
  @CommandHandler(Charge, { id: (c) => c.id })
  charge(c: { amount: number }): void {
    this.emit(Charged({ amount: c.amount, fee: this.fees.feeFor(c.amount) }));
  }
  @Apply(Charged) charged(e: { amount: number; fee: number }): void {
    this.total += e.amount + e.fee;
  }
}

describe('aggregates are resolved from the inversify container', () => {
  it('injects services from the container the user passes', async () => {
    const container = new Container();
    container.bind(FeeSchedule).toSelf().inSingletonScope();
    const app = await createApp({ store: new InMemoryEventStore(), container, aggregates: [Card] });

    const result = await app.dispatch(Charge({ id: 'c1', amount: 250 }));
    await app.dispatch(Charge({ id: 'c2', amount: 100 }));

    expect(result.events[0]!.data).toEqual({ amount: 250, fee: 3 });
    expect(container.get(FeeSchedule).calls).toBe(2);
    expect(app.container).toBe(container);
    expect((await app.load(Card, 'c1'))?.total).toBe(253);
  });

  it('accepts services bound on the app container after createApp (aggregates are built lazily)', async () => {
    const app = await createApp({ store: new InMemoryEventStore(), aggregates: [Card] });
    app.container.bind(FeeSchedule).toSelf().inSingletonScope();
    expect((await app.dispatch(Charge({ id: 'c1', amount: 50 }))).events[0]!.data).toEqual({ amount: 50, fee: 1 });
  });

  it('lets async handlers await injected services, one command at a time per aggregate', async () => {
    @injectable()
    class SlowLimits {
      async limit(): Promise<number> {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return 3;
      }
    }
    const Take = defineCommand('Take', z.object({ id: z.string() }));
    const Taken = defineEvent('Taken', z.object({}));
    @Aggregate({ category: 'ticket' })
    class Tickets extends AggregateRoot {
      taken = 0;
      constructor(@inject(SlowLimits) private readonly limits: SlowLimits) {
        super();
      }
      @CommandHandler(Take, { id: (c) => c.id })
      async take(): Promise<void> {
        const limit = await this.limits.limit();
        if (this.taken >= limit) throw new DomainError('SoldOut', 'no tickets left');
        this.emit(Taken({}));
      }
      @Apply(Taken) onTaken(): void {
        this.taken++;
      }
    }
    const container = new Container();
    container.bind(SlowLimits).toSelf();
    const store = new InMemoryEventStore();
    const app = await createApp({ store, container, aggregates: [Tickets] });

    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => app.dispatch(Take({ id: 't' }))));

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    expect(await store.streamVersion('ticket-t')).toBe(3);
  });

  it('refuses an aggregate bound as a singleton (one instance would hold every stream)', async () => {
    const container = new Container();
    container.bind(FeeSchedule).toSelf();
    container.bind(Card).toSelf().inSingletonScope();
    const app = await createApp({ store: new InMemoryEventStore(), container, aggregates: [Card] });
    await app.dispatch(Charge({ id: 'c1', amount: 1 }));
    await expect(app.dispatch(Charge({ id: 'c2', amount: 1 }))).rejects.toThrow(ConfigurationError);
  });

  it('says which service is missing when the container cannot build an aggregate', async () => {
    const app = await createApp({ store: new InMemoryEventStore(), aggregates: [Card] });
    await expect(app.dispatch(Charge({ id: 'c1', amount: 1 }))).rejects.toThrow(/could not build Card/);
  });
});
