import { InMemoryEventStore } from '@factum/event-store';
import {
  Aggregate,
  AggregateRoot,
  Apply,
  CommandHandler,
  DomainError,
  createApp,
  defineCommand,
  defineEvent,
  type CommandOf,
  type EventOf,
} from '@factum/core';
import { z } from 'zod';

// Aggregates with nothing pending share one frozen empty list; the first event emitted makes a
// list of the aggregate's own. Events must stay with the command and aggregate that emitted them.
const Tally = defineCommand('Tally', z.object({ id: z.string(), count: z.number().int().nonnegative(), failAfter: z.number().int().optional() }));
const TallyLater = defineCommand('TallyLater', z.object({ id: z.string(), n: z.number().int() }));
const Ticked = defineEvent('Ticked', z.object({ id: z.string(), n: z.number().int() }));

@Aggregate({ category: 'tally' })
class Counter extends AggregateRoot {
  ticks = 0;

  @CommandHandler(Tally, { id: (c) => c.id })
  tally(command: CommandOf<typeof Tally>): void {
    for (let n = 1; n <= command.count; n++) {
      this.emit(Ticked({ id: command.id, n }));
      if (command.failAfter === n) throw new DomainError('Refused', 'refused after emitting');
    }
  }

  @CommandHandler(TallyLater, { id: (c) => c.id })
  async tallyLater(command: CommandOf<typeof TallyLater>): Promise<void> {
    await Promise.resolve();
    this.emit(Ticked({ id: command.id, n: command.n }));
  }

  @Apply(Ticked)
  ticked(_event: EventOf<typeof Ticked>): void {
    this.ticks++;
  }
}

it('appends exactly the events each command emitted, none, one or many, and none of a refused one', async () => {
  const store = new InMemoryEventStore();
  const app = await createApp({ store, aggregates: [Counter] });
  expect((await app.dispatch(Tally({ id: 'a', count: 3 }))).events.map((e) => e.data)).toEqual([
    { id: 'a', n: 1 },
    { id: 'a', n: 2 },
    { id: 'a', n: 3 },
  ]);
  expect((await app.dispatch(Tally({ id: 'b', count: 0 }))).events).toEqual([]);
  expect((await app.dispatch(Tally({ id: 'b', count: 1 }))).events.map((e) => e.data)).toEqual([{ id: 'b', n: 1 }]);
  await expect(app.dispatch(Tally({ id: 'a', count: 2, failAfter: 2 }))).rejects.toThrow('refused after emitting');
  expect((await app.dispatch(Tally({ id: 'a', count: 1 }))).events.map((e) => e.data)).toEqual([{ id: 'a', n: 1 }]);
  expect((await app.dispatch(Tally({ id: 'b', count: 2 }))).version).toBe(3);
  expect((await app.load(Counter, 'a'))?.ticks).toBe(4);
  expect((await app.load(Counter, 'b'))?.ticks).toBe(3);
});

it('appends what an async handler emits after an await, on a cached aggregate as on a new one', async () => {
  const store = new InMemoryEventStore();
  const app = await createApp({ store, aggregates: [Counter] });
  expect((await app.dispatch(TallyLater({ id: 'c', n: 7 }))).version).toBe(1);
  const cached = await app.dispatch(TallyLater({ id: 'c', n: 8 }));
  expect(cached.version).toBe(2);
  expect(cached.events.map((e) => e.data)).toEqual([{ id: 'c', n: 8 }]);
  expect((await app.load(Counter, 'c'))?.ticks).toBe(2);
});
