// Personal data: a hidden event type shows no data at all, a redaction shows only what it returns
// (the guide's own snippet, docs/snippets/console-mount.ts), and a failing redaction shows nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { InMemoryEventStore } from '@factum/event-store';
import { factumConsole } from '@factum/console';
import { createApp } from '@factum/core';
import { serveWithConsole } from '../../../docs/snippets/console-mount';
import { Note } from './support/notes-app';

it('hides the data of hidden types and shows only the redacted data of the others, on every page', async () => {
  const store = new InMemoryEventStore();
  const app = await createApp({ store, aggregates: [Note] });
  await store.append('user-ada', [
    { type: 'Registered', data: { name: 'Ada', email: 'ada@example.org' }, metadata: { ip: '10.1.2.3' } },
    { type: 'PasswordChanged', data: { hash: 'secret-hash-value' } },
  ]);
  const { server } = await serveWithConsole(app, {});
  try {
    const events = [];
    for await (const event of store.readAll()) events.push(event);
    const pages = [
      '/factum/',
      '/factum/streams/user-ada',
      `/factum/events/${events[0]!.eventId}`,
      `/factum/events/${events[1]!.eventId}`,
      '/factum/?type=Registered',
    ];
    for (const url of pages) {
      const { statusCode, body } = await server.inject({ url });
      expect(statusCode).toBe(200);
      expect(body).not.toContain('ada@example.org');
      expect(body).not.toContain('secret-hash-value');
    }
    expect((await server.inject({ url: `/factum/events/${events[0]!.eventId}` })).body).toContain('***');
    expect((await server.inject({ url: `/factum/events/${events[1]!.eventId}` })).body).toContain('data of PasswordChanged events is hidden');
    // With redaction on, the aggregate state (folded from unredacted data) is not shown either.
    expect((await server.inject({ url: '/factum/streams/user-ada' })).body).toContain('The aggregate state is not shown');
  } finally {
    await server.close();
    await store.close();
  }
});

it('shows nothing of an event whose redaction throws', async () => {
  const store = new InMemoryEventStore();
  await store.append('user-bo', [{ type: 'Registered', data: { email: 'bo@example.org' } }]);
  const server = Fastify();
  await server.register(factumConsole, {
    store,
    redact: () => {
      throw new Error('bug in the redaction');
    },
  });
  try {
    const { body } = await server.inject({ url: '/' });
    expect(body).not.toContain('bo@example.org');
    expect(body).toContain('the redaction function failed on this event');
  } finally {
    await server.close();
  }
});

it("the guide's TypeScript blocks are snippet files verbatim", () => {
  const docs = join(__dirname, '../../../docs');
  const guide = readFileSync(join(docs, 'console.md'), 'utf8');
  const snippet = readFileSync(join(docs, 'snippets/console-mount.ts'), 'utf8');
  const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
  expect(blocks.length).toBeGreaterThan(0);
  for (const block of blocks) expect(snippet).toContain(block);
});
