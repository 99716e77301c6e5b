import { z } from 'zod';
import { inject, injectable } from 'inversify';
import { InMemoryEventStore, type GlobalPosition, type ReadAllOptions } from '@factum/event-store';
import { createApp, defineEvent, On, ProcessManager, Projector, type App, type DecodedEvent } from '@factum/core';

const Deposited = defineEvent('Deposited', z.object({ amount: z.number() }));

@Projector({ name: 'total' })
class Total {
  sum = 0;
  events = 0;

  @On(Deposited)
  deposited(event: DecodedEvent<typeof Deposited>): void {
    this.sum += event.data.amount;
    this.events++;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function deposit(store: InMemoryEventStore, ...amounts: number[]): Promise<GlobalPosition[]> {
  const positions: GlobalPosition[] = [];
  for (const amount of amounts) positions.push((await store.append('account-1', [{ type: 'Deposited', data: { amount } }])).position);
  return positions;
}

describe('app.projections.replay(Projector, { upTo })', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it('folds a new instance up to a position, leaving the running projector and its checkpoint alone', async () => {
    const store = new InMemoryEventStore();
    app = await createApp({ store, projectors: [Total] });
    await app.start();
    const positions = await deposit(store, 1, 2, 4, 8, 16, 32);
    await app.subscribers.waitFor(positions[5]!);
    const before = await app.projections.status();

    const asOfFourth = await app.projections.replay(Total, { upTo: positions[3]! });
    expect(asOfFourth).toBeInstanceOf(Total);
    expect(asOfFourth).toMatchObject({ sum: 15, events: 4 });
    expect(app.container.get(Total)).not.toBe(asOfFourth);
    expect(app.container.get(Total)).toMatchObject({ sum: 63, events: 6 });
    expect(await app.projections.status()).toEqual(before);

    // Each replay is a new instance; a small batch size reads the same prefix.
    expect(await app.projections.replay(Total, { upTo: positions[0]!, batchSize: 1 })).toMatchObject({ sum: 1, events: 1 });
    expect(await app.projections.replay(Total, { upTo: positions[5]!, batchSize: 2 })).toMatchObject({ sum: 63, events: 6 });
  });

  it('folds up to a moment: the log up to the first event that occurred after it', async () => {
    const store = new InMemoryEventStore();
    app = await createApp({ store });
    await deposit(store, 1, 2, 4);
    await sleep(5);
    const newYear = new Date();
    await sleep(5);
    await deposit(store, 8, 16);
    expect(await app.projections.replay(Total, { upTo: newYear })).toMatchObject({ sum: 7, events: 3 });
    expect(await app.projections.replay(Total, { upTo: new Date(0) })).toMatchObject({ sum: 0, events: 0 });
  });

  it('builds a projector the app does not run, with the services of the app’s container', async () => {
    @injectable()
    class ExchangeRate {
      readonly factor = 3;
    }
    @Projector({ name: 'in-pounds' })
    class InPounds {
      sum = 0;
      constructor(@inject(ExchangeRate) private readonly rate: ExchangeRate) {}

      @On(Deposited)
      deposited(event: DecodedEvent<typeof Deposited>): void {
        this.sum += event.data.amount * this.rate.factor;
      }
    }
    const store = new InMemoryEventStore();
    app = await createApp({ store });
    app.container.bind(ExchangeRate).toSelf();
    const [, second] = await deposit(store, 1, 2, 4);
    expect((await app.projections.replay(InPounds, { upTo: second! })).sum).toBe(9);
  });

  it('waits for the position to become readable, and says so when it never does', async () => {
    const inner = new InMemoryEventStore();
    let horizon: GlobalPosition | null = null;
    const store = new Proxy(inner, {
      get(target, property, receiver) {
        if (property === 'readAll')
          return async function* (options?: ReadAllOptions) {
            for await (const event of target.readAll(options)) if (horizon !== null && target.comparePositions(event.position, horizon) <= 0) yield event;
          };
        if (property === 'headPosition') return () => Promise.resolve(horizon);
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    app = await createApp({ store });
    const [first, second] = await deposit(inner, 1, 2);
    horizon = first!;
    const replaying = app.projections.replay(Total, { upTo: second!, timeoutMs: 2_000 });
    await sleep(60);
    horizon = second!;
    expect(await replaying).toMatchObject({ sum: 3, events: 2 });

    horizon = first!;
    await expect(app.projections.replay(Total, { upTo: second!, timeoutMs: 60 })).rejects.toMatchObject({ code: 'REPLAY_TIMEOUT', projector: 'total' });
  });

  it('refuses durable read models, other subscribers and a missing bound', async () => {
    @Projector({ name: 'table', transactional: true })
    class Table {
      @On(Deposited) deposited(): void {}
    }
    @Projector({ name: 'file', readModel: 'durable' })
    class File {
      @On(Deposited) deposited(): void {}
    }
    @ProcessManager({ name: 'process' })
    class Process {
      @On(Deposited, { start: true }) deposited(): void {}
    }
    app = await createApp({ store: new InMemoryEventStore() });
    const at = new Date();
    await expect(app.projections.replay(Table, { upTo: at })).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
      message: expect.stringMatching(/durable read model/),
    });
    await expect(app.projections.replay(File, { upTo: at })).rejects.toMatchObject({ code: 'CONFIGURATION_ERROR' });
    await expect(app.projections.replay(Process, { upTo: at })).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
      message: expect.stringMatching(/Process is a @ProcessManager/),
    });
    await expect(app.projections.replay(Total, {} as { upTo: Date })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(app.projections.replay(Total, { upTo: new Date('nope') })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
