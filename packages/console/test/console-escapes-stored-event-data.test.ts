// Event data is user data: whatever a stored event holds, every page shows it as text, never as markup.
import { startNotesConsole, WriteNote, type NotesConsole } from './support/notes-app';

const HOSTILE = `<script>window.owned = 1</script><img src=x onerror="alert(1)">"'&`;

let notes: NotesConsole;

beforeAll(async () => {
  notes = await startNotesConsole();
  await notes.app.dispatch(WriteNote({ noteId: 'n1', text: HOSTILE }), { metadata: { note: HOSTILE } });
});
afterAll(() => notes.close());

async function pageOf(url: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const response = await notes.server.inject({ url, headers: { accept: 'text/html' } });
  return { status: response.statusCode, body: response.body, headers: response.headers };
}

it('shows hostile data escaped on the log, stream, event and trace pages, under a policy that allows no inline script', async () => {
  const events = [];
  for await (const stored of notes.store.readAll()) events.push(stored);
  const [event] = events;
  for (const url of ['/factum/', '/factum/streams/note-n1', `/factum/events/${event!.eventId}`, `/factum/trace?event=${event!.eventId}`]) {
    const page = await pageOf(url);
    expect(page.status).toBe(200);
    if (url.includes('trace')) {
      // The trace shows no data, only types, streams and times.
      expect(page.body).toContain('NoteWritten');
      expect(page.body).not.toContain('window.owned');
      continue;
    }
    expect(page.body).not.toContain('<script>window.owned');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toMatch(/&lt;script&gt;window\.owned = 1&lt;\/script&gt;/);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    // The only scripts are the console's own file.
    expect(page.body.match(/<script/g)).toEqual(['<script']);
  }
});

it('escapes what a request puts on the page (filters, ids in error messages)', async () => {
  const log = await pageOf(`/factum/?type=${encodeURIComponent('"><script>x()</script>')}`);
  expect(log.status).toBe(200);
  expect(log.body).not.toContain('<script>x()');
  const missing = await pageOf(`/factum/events/${encodeURIComponent('<b>nope</b>')}`);
  expect(missing.status).toBe(404);
  expect(missing.body).toContain('&lt;b&gt;nope&lt;/b&gt;');
  expect(missing.body).not.toContain('<b>nope');
});
