// A plain script, as a user would write one: dispatches with strong consistency while the
// projector it waits for has stopped on a bug. Prints RESOLVED or REJECTED <code> on stdout.
import { Aggregate, AggregateRoot, Apply, CommandHandler, createApp, defineCommand, defineEvent, On, Projector } from '@factum/core';
import { InMemoryEventStore } from '@factum/event-store';
import { z } from 'zod';

const Opened = defineEvent('Opened', z.object({ id: z.string() }));
const Open = defineCommand('Open', z.object({ id: z.string() }));

@Aggregate({ category: 'thing' })
class Thing extends AggregateRoot {
  @CommandHandler(Open, { id: (command) => command.id })
  open(command: { id: string }): void {
    this.emit(Opened(command));
  }

  @Apply(Opened)
  protected opened(): void {}
}

@Projector({ name: 'broken', retry: { maxAttempts: 1 } })
class Broken {
  @On(Opened)
  opened(): void {
    throw new Error('a bug in the projector');
  }
}

async function main(): Promise<void> {
  const app = await createApp({ store: new InMemoryEventStore(), aggregates: [Thing], projectors: [Broken] });
  await app.start();
  try {
    await app.dispatch(Open({ id: 'a' }), { consistency: 'strong', timeoutMs: 30_000 });
    console.log('RESOLVED');
  } catch (error) {
    console.log(`REJECTED ${(error as { code?: string }).code}`);
  }
  await app.stop();
}

void main();
