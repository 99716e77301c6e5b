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
    await expect(app.dispatch(Note({ id: 'n1', payload: { text: 'a\u0000b' } }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      argument: "data of 'Noted'.payload.text",
    });
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

// The schema's output is stored when it differs from the checked data (a default, a transform, a
// stripped key); when it is the same JSON, the checked (frozen) copy is stored instead of a third copy.
const Tag = defineCommand('Tag', z.object({ id: z.string(), label: z.string(), extra: z.unknown() }));
const Tagged = defineEvent(
  'Tagged',
  z.object({ id: z.string(), label: z.string().transform((label) => label.toUpperCase()), color: z.string().default('red') }),
);

@Aggregate({ category: 'tag' })
class Tags extends AggregateRoot {
  emitted: Record<string, unknown>[] = [];

  @CommandHandler(Tag, { id: (command) => command.id })
  tag(command: { id: string; label: string; extra: unknown }): void {
    const data: Record<string, unknown> = { id: command.id, label: command.label };
    if (command.extra !== undefined) data.extra = command.extra;
    this.emitted.push(data);
    this.emit(Tagged(data as { id: string; label: string }));
    // A handler that changes its object after emitting changes nothing stored.
    data.label = 'changed';
  }

  @Apply(Tagged)
  protected tagged(): void {}
}

describe('an emitted event is stored as its schema gives it back', () => {
  it('with the schema output where it differs, as frozen JSON that the handler cannot change afterwards', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Tags] });
    const { events } = await app.dispatch(Tag({ id: 't1', label: 'new', extra: { dropped: true } }));
    expect(events[0]!.data).toStrictEqual({ id: 't1', label: 'NEW', color: 'red' });
    expect(Object.isFrozen(events[0]!.data)).toBe(true);
  });

  it('as the checked copy where the schema changes nothing: equal, deep-frozen, apart from the emitted object', async () => {
    const store = new InMemoryEventStore();
    const app = await createApp({ store, aggregates: [Notebook] });
    const payload = { list: [1, 'zwei', null], nested: { k: 'v' } };
    const { events } = await app.dispatch(Note({ id: 'n1', payload }));
    const data = events[0]!.data as { id: string; payload: typeof payload };
    expect(data).toStrictEqual({ id: 'n1', payload: { list: [1, 'zwei', null], nested: { k: 'v' } } });
    expect(data.payload).not.toBe(payload);
    expect(Object.isFrozen(data) && Object.isFrozen(data.payload) && Object.isFrozen(data.payload.list) && Object.isFrozen(data.payload.nested)).toBe(true);
    payload.nested.k = 'changed';
    expect((await store.readStream('note-n1')[Symbol.asyncIterator]().next()).value).toMatchObject({ data: { payload: { nested: { k: 'v' } } } });
  });
});
