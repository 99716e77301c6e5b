// A small app for the console's tests: notes (an aggregate) and a projector that stops on a note saying "boom".
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InMemoryEventStore } from '@factum/event-store';
import {
  Aggregate,
  AggregateRoot,
  Apply,
  CommandHandler,
  createApp,
  defineCommand,
  defineEvent,
  On,
  Projector,
  type App,
  type CommandOf,
  type EventOf,
} from '@factum/core';
import { factumConsole, type FactumConsoleOptions } from '@factum/console';

export const WriteNote = defineCommand('WriteNote', z.object({ noteId: z.string(), text: z.string() }));
export const NoteWritten = defineEvent('NoteWritten', z.object({ noteId: z.string(), text: z.string() }));

@Aggregate({ category: 'note' })
export class Note extends AggregateRoot {
  texts: string[] = [];

  @CommandHandler(WriteNote, { id: (command) => command.noteId })
  write(command: CommandOf<typeof WriteNote>): void {
    this.emit(NoteWritten(command));
  }

  @Apply(NoteWritten)
  protected written(event: EventOf<typeof NoteWritten>): void {
    this.texts.push(event.text);
  }
}

@Projector({ name: 'note-count', readModel: 'memory', retry: { maxAttempts: 1 } })
export class NoteCount {
  count = 0;

  @On(NoteWritten)
  written(event: { data: { text: string } }): void {
    if (event.data.text === 'boom') throw new Error('a note said boom');
    this.count++;
  }
}

export interface NotesConsole {
  app: App;
  store: InMemoryEventStore;
  server: FastifyInstance;
  token: string;
  close(): Promise<void>;
}

/** The notes app with the console mounted at /factum, not listening (`inject`), unless `listen` says so. */
export async function startNotesConsole(options: Partial<FactumConsoleOptions> = {}): Promise<NotesConsole> {
  const store = new InMemoryEventStore();
  const app = await createApp({ store, aggregates: [Note], projectors: [NoteCount] });
  await app.start();
  const token = randomBytes(18).toString('base64url');
  const server = Fastify({ logger: false });
  await server.register(factumConsole, { prefix: '/factum', app, aggregates: { note: Note }, allowActions: true, token, ...options });
  await server.ready();
  return {
    app,
    store,
    server,
    token,
    async close() {
      await server.close();
      await app.stop();
      await store.close();
    },
  };
}
