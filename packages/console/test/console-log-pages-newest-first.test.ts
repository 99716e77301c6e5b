// The log page: newest first, keyset pages that visit every event once, filters done by the store.
import type { RecordedEvent } from '@factum/event-store';
import { startNotesConsole, WriteNote, type NotesConsole } from './support/notes-app';

let notes: NotesConsole;

beforeAll(async () => {
  notes = await startNotesConsole({ pageSize: 7 });
  for (let index = 0; index < 30; index++) await notes.app.dispatch(WriteNote({ noteId: `n${index % 4}`, text: `text ${index}` }));
  await notes.store.append('other-1', [{ type: 'Other', data: { index: 1 } }]);
});
afterAll(() => notes.close());

async function all(): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of notes.store.readAll()) events.push(event);
  return events;
}

/** Every page from `url`, following "Older events": the event ids in the order shown. */
async function walk(url: string): Promise<string[]> {
  const shown: string[] = [];
  for (let next: string | undefined = url, pages = 0; next !== undefined; pages++) {
    if (pages > 50) throw new Error('too many pages');
    const response: { statusCode: number; body: string } = await notes.server.inject({ url: next });
    expect(response.statusCode).toBe(200);
    shown.push(...[...response.body.matchAll(/data-event-id="([^"]+)"/g)].map((match) => match[1]!));
    next = /id="older" href="([^"]+)"/.exec(response.body)?.[1]?.replaceAll('&amp;', '&');
  }
  return shown;
}

it('pages back through the whole log, newest first, each event once', async () => {
  const log = await all();
  expect(await walk('/factum/')).toEqual(log.map((event) => event.eventId).reverse());
});

it('filters by type, category and stream, and by time', async () => {
  const log = await all();
  const newestFirst = (keep: (event: RecordedEvent) => boolean) =>
    log
      .filter(keep)
      .map((event) => event.eventId)
      .reverse();
  expect(await walk('/factum/?type=Other')).toEqual(newestFirst((event) => event.type === 'Other'));
  expect(await walk('/factum/?category=note')).toEqual(newestFirst((event) => event.streamId.startsWith('note-')));
  expect(await walk('/factum/?stream=note-n2')).toEqual(newestFirst((event) => event.streamId === 'note-n2'));
  const middle = log[15]!.occurredAt;
  expect(await walk(`/factum/?to=${encodeURIComponent(middle.toISOString())}`)).toEqual(newestFirst((event) => event.occurredAt < middle));
  expect(await walk(`/factum/?from=${encodeURIComponent(middle.toISOString())}`)).toEqual(newestFirst((event) => event.occurredAt >= middle));
});

it('answers a bad filter with 400 and what was wrong', async () => {
  for (const [query, message] of [
    ['from=yesterday', "'from' is not a time"],
    ['from=2030-01-01T00:00Z&to=2020-01-01T00:00Z', "'from' must be before 'to'"],
    ['before=not-a-position', 'before'],
    ['stream=note-n1&before=x', "'before' must be a stream version"],
  ]) {
    const response = await notes.server.inject({ url: `/factum/?${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(message);
  }
});
