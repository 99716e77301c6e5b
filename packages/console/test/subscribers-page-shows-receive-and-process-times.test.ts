// The subscribers page shows each subscriber's receive and process time percentiles, as its status reports them.
import { startNotesConsole, WriteNote } from './support/notes-app';

it('shows receive and process p50 · p95 · p99 per subscriber, and a dash before it handled anything', async () => {
  const notes = await startNotesConsole();
  try {
    const row = (body: string) => body.slice(body.indexOf('data-subscriber="note-count"'), body.indexOf('</tr>', body.indexOf('data-subscriber="note-count"')));
    const before = await notes.server.inject({ url: '/factum/subscribers/table' });
    expect(row(before.body)).toMatch(/<td class="timings muted">–<\/td>/);
    for (const noteId of ['n1', 'n2', 'n3']) await notes.app.dispatch(WriteNote({ noteId, text: 'hello' }));
    let timings = null;
    for (const deadline = Date.now() + 10_000; !timings || timings.events < 3;) {
      if (Date.now() > deadline) throw new Error('no timings in status');
      timings = (await notes.app.subscribers.status()).find((status) => status.name === 'note-count')!.timings;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const page = await notes.server.inject({ url: '/factum/subscribers' });
    const cell = row(page.body);
    expect(cell).toContain('title="p50 · p95 · p99 over the latest 3 events"');
    const ms = (times: { p50: number; p95: number; p99: number }) => `${times.p50} · ${times.p95} · ${times.p99} ms`;
    expect(cell).toContain(`receive ${ms(timings.receive)}`);
    expect(cell).toContain(`process ${ms(timings.process)}`);
    // The JSON API carries them too.
    const api = (await notes.server.inject({ url: '/factum/api/subscribers' })).json() as { subscribers?: Array<{ name: string; timings: unknown }> };
    expect(JSON.stringify(api)).toContain('"timings":{"events":3');
  } finally {
    await notes.close();
  }
});
