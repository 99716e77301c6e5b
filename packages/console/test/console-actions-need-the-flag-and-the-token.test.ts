// Actions change things: refused unless actions are allowed and the request carries the token.
import { ConsoleConfigurationError } from '@factum/console';
import Fastify from 'fastify';
import { InMemoryEventStore } from '@factum/event-store';
import { factumConsole, type ConsoleApp } from '@factum/console';
import { NoteCount, startNotesConsole, WriteNote, type NotesConsole } from './support/notes-app';

async function stoppedNoteCount(notes: NotesConsole): Promise<void> {
  await notes.app.dispatch(WriteNote({ noteId: 'n1', text: 'boom' }));
  for (let tries = 0; tries < 200; tries++) {
    const status = (await notes.app.subscribers.status()).find((subscriber) => subscriber.name === 'note-count');
    if (status?.state === 'stopped') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('note-count did not stop');
}

describe('a console with actions allowed', () => {
  let notes: NotesConsole;
  beforeEach(async () => {
    notes = await startNotesConsole();
    await stoppedNoteCount(notes);
  });
  afterEach(() => notes.close());

  const restart = (headers: Record<string, string>, payload?: string) =>
    notes.server.inject({
      method: 'POST',
      url: '/factum/actions/restart',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: payload ?? 'subscriber=note-count',
    });

  it('refuses an action without the token or with a wrong one, and does nothing', async () => {
    const restarts: string[] = [];
    const original = notes.app.subscribers.restart.bind(notes.app.subscribers);
    notes.app.subscribers.restart = (name: string) => {
      restarts.push(name);
      original(name);
    };
    expect((await restart({})).statusCode).toBe(403);
    expect((await restart({}, 'subscriber=note-count&token=wrong-token-of-some-length')).statusCode).toBe(403);
    const json = await notes.server.inject({
      method: 'POST',
      url: '/factum/actions/restart',
      payload: { subscriber: 'note-count' },
      headers: { authorization: 'Bearer nope' },
    });
    expect(json.statusCode).toBe(403);
    expect(json.json()).toMatchObject({ code: 'CONSOLE_ACTION_REFUSED' });
    expect(restarts).toEqual([]);
    expect((await notes.app.subscribers.status()).find((s) => s.name === 'note-count')?.state).toBe('stopped');
  });

  it('runs an action with the token (form field or bearer header)', async () => {
    const response = await restart({}, `subscriber=note-count&token=${encodeURIComponent(notes.token)}`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/factum\/subscribers\?done=/);
    const rebuilt = await notes.server.inject({
      method: 'POST',
      url: '/factum/actions/rebuild',
      payload: { subscriber: 'note-count' },
      headers: { authorization: `Bearer ${notes.token}` },
    });
    expect(rebuilt.statusCode).toBe(200);
    expect(rebuilt.json()).toMatchObject({ ok: true });
  });

  it('answers 404 DEAD_LETTER_NOT_FOUND for a retry or skip of a dead letter the subscriber does not have', async () => {
    for (const action of ['retry', 'skip']) {
      const response = await notes.server.inject({
        method: 'POST',
        url: `/factum/actions/${action}`,
        payload: { subscriber: 'note-count', eventId: 'no-such-event' },
        headers: { authorization: `Bearer ${notes.token}` },
      });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'DEAD_LETTER_NOT_FOUND' });
    }
  });
});

it('is read-only by default: actions are refused, and the subscribers page offers none', async () => {
  const notes = await startNotesConsole({ allowActions: false, token: undefined });
  try {
    await stoppedNoteCount(notes);
    const response = await notes.server.inject({ method: 'POST', url: '/factum/actions/restart', payload: { subscriber: 'note-count', token: notes.token } });
    expect(response.statusCode).toBe(403);
    expect(response.json().message).toContain('read-only');
    const page = await notes.server.inject({ url: '/factum/subscribers' });
    expect(page.body).toContain('a note said boom');
    expect(page.body).not.toContain('data-action="restart"');
  } finally {
    await notes.close();
  }
});

it('answers 501 with a clear message when the app has no dead-letter retry or skip', async () => {
  const store = new InMemoryEventStore();
  // An app of an older @factum/core: status and dead letters, but no retry or skip.
  const app: ConsoleApp = { store, subscribers: { status: () => Promise.resolve([]), deadLetters: () => Promise.resolve([]) } };
  const token = 'a-token-of-enough-length';
  const server = Fastify();
  await server.register(factumConsole, { prefix: '/factum', app, allowActions: true, token });
  try {
    for (const [action, method] of [
      ['retry', 'retryDeadLetter'],
      ['skip', 'skipDeadLetter'],
    ]) {
      const response = await server.inject({
        method: 'POST',
        url: `/factum/actions/${action}`,
        payload: { subscriber: 'note-count', eventId: 'e1' },
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(501);
      expect(response.json()).toMatchObject({ code: 'CONSOLE_ACTION_UNSUPPORTED', message: expect.stringContaining(method) });
    }
  } finally {
    await server.close();
    await store.close();
  }
});

it('refuses to start with actions but no token of 16 characters or more', async () => {
  for (const token of [undefined, '', 'short']) {
    const server = Fastify();
    await expect(
      server.register(factumConsole, { store: new InMemoryEventStore(), allowActions: true, ...(token !== undefined ? { token } : {}) }).ready(),
    ).rejects.toBeInstanceOf(ConsoleConfigurationError);
    await server.close();
  }
  expect(NoteCount).toBeDefined();
});
