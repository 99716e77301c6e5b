import { InMemoryEventStore } from '@factum/event-store';
import { Aggregate, AggregateRoot, Apply, CommandHandler, createApp, defineCommand, defineEvent, InvalidEventError } from '@factum/core';
import { z } from 'zod';

// Found by the generated dispatch test: `{ payload: undefined }` passed the schema at emit time,
// was stored as `{}` (JSON drops undefined), and then failed the schema on every read, stopping
// every projector that reads it. An emitted event is now checked as the store will keep it.
const Note = defineCommand('Note', z.object({ id: z.string(), payload: z.unknown() }));
const Noted = defineEvent('Noted', z.object({ id: z.string(), payload: z.unknown() }));

@Aggregate({ category: 'note' })
class Notebook extends AggregateRoot {
  @CommandHandler(Note, { id: (command) => command.id })
  note(command: { id: string; payload: unknown }): void {
    this.emit(Noted({ id: command.id, payload: command.payload }));
  }

  @Apply(Noted)
  protected noted(): void {}
}

describe('an emitted event is checked in the form the store keeps', () => {
  it('data that JSON would change so that it fails its schema is refused at emit, and nothing is appended', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Notebook] });
    await expect(app.dispatch(Note({ id: 'n1', payload: undefined }))).rejects.toBeInstanceOf(InvalidEventError);
    expect(await store.headPosition()).toBeNull();
  });

  it('data that is not JSON at all is refused at emit with InvalidInputError', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Notebook] });
    await expect(app.dispatch(Note({ id: 'n1', payload: { text: 'a\u0000b' } }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(app.dispatch(Note({ id: 'n1', payload: new Date() }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await store.headPosition()).toBeNull();
  });

  it('valid data is stored and reads back through the schema', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Notebook] });
    await app.dispatch(Note({ id: 'n1', payload: { list: [1, 'zwei', null] } }));
    expect((await app.load(Notebook, 'n1'))?.version).toBe(1);
  });
});
