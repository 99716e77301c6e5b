// The subscribers page shows a partitioned subscriber as one group: a row for the whole (partitions,
// owners, states, largest lag, the rebuild of the whole) and its partitions' rows under it, none of
// which offers a rebuild of its own (a partition cannot be rebuilt alone).
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { InMemoryEventStore } from '@factum/event-store';
import { createApp, On, Projector } from '@factum/core';
import { factumConsole } from '@factum/console';
import { groupSubscribers } from '../src/pages/subscriber-groups';
import { Note, NoteCount, NoteWritten, WriteNote } from './support/notes-app';

@Projector({ name: 'note-shards', partitions: 4, readModel: 'memory' })
class NoteShards {
  handled = 0;

  @On(NoteWritten)
  written(): void {
    this.handled++;
  }
}

const rowOf = (body: string, marker: string): string => {
  const start = body.indexOf(marker);
  if (start < 0) throw new Error(`no row ${marker}`);
  return body.slice(start, body.indexOf('</tr>', start));
};

it('groups the partitions of a partitioned projector under one row that rebuilds the whole', async () => {
  const store = new InMemoryEventStore();
  const app = await createApp({ store, aggregates: [Note], projectors: [NoteCount, NoteShards] });
  await app.start();
  const token = randomBytes(18).toString('base64url');
  const server = Fastify({ logger: false });
  await server.register(factumConsole, { prefix: '/factum', app, allowActions: true, token });
  await server.ready();
  try {
    for (let i = 0; i < 12; i++) await app.dispatch(WriteNote({ noteId: `n${i}`, text: 'hello' }));
    await app.subscribers.waitFor(await store.headPosition());
    const body = (await server.inject({ url: '/factum/subscribers/table' })).body;

    expect(body.split('data-subscriber-group="note-shards"')).toHaveLength(2);
    const group = rowOf(body, 'data-subscriber-group="note-shards"');
    expect(group).toContain('projector, 4 partitions');
    const owner = (await app.subscribers.status()).find((status) => status.name === 'note-shards#0')!.owner!.process;
    expect(group).toContain(`<div>${owner}: 4</div>`);
    expect(group).toMatch(/<span class="pill live">live<\/span>\s*4/);
    expect(group).toContain('name="subscriber" value="note-shards"');
    expect(group).toContain('Rebuild all partitions');

    // The partitions follow their group, in index order, with no rebuild of their own.
    const positions = [0, 1, 2, 3].map((index) => body.indexOf(`data-subscriber="note-shards#${index}"`));
    expect(positions.every((position) => position > body.indexOf('data-subscriber-group="note-shards"'))).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const index of [0, 1, 2, 3]) {
      const row = rowOf(body, `data-subscriber="note-shards#${index}"`);
      expect(row).toContain('class="partition"');
      expect(row).not.toContain('data-action="rebuild"');
    }
    expect(body).not.toContain('value="note-shards#');
    // An unpartitioned projector keeps its own row and rebuild.
    expect(rowOf(body, 'data-subscriber="note-count"')).toContain('data-action="rebuild"');

    // A partition alone cannot be rebuilt: the console says which subscriber to rebuild.
    const rebuild = (subscriber: string) =>
      server.inject({
        method: 'POST',
        url: '/factum/actions/rebuild',
        headers: { authorization: `Bearer ${token}` },
        payload: { subscriber },
      });
    const refused = await rebuild('note-shards#2');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("'note-shards#2' is partition 2 of 'note-shards'");
    // The group's rebuild rebuilds the whole subscriber, and the group row reports it.
    const response = await rebuild('note-shards');
    expect(response.statusCode).toBe(200);
    let rebuilt = '';
    for (const deadline = Date.now() + 10_000; !rebuilt.includes('rebuilt: 12'); await new Promise((resolve) => setTimeout(resolve, 20))) {
      if (Date.now() > deadline) throw new Error(`the group row never reported the rebuild: ${rebuilt}`);
      rebuilt = rowOf((await server.inject({ url: '/factum/subscribers/table' })).body, 'data-subscriber-group="note-shards"');
    }
  } finally {
    await server.close();
    await app.stop();
    await store.close();
  }
});

it('groups stored checkpoints by name when no status says which partition it is (the standalone console)', () => {
  const stored = (name: string, lag: number) => ({ name, kind: 'checkpoint', state: 'stored', position: null, lag, lastError: null });
  const entries = groupSubscribers([stored('ledger#1', 5), stored('audit', 0), stored('ledger#0', 9), stored('balances-v2', 1)]);
  expect(entries.map((entry) => ('status' in entry ? entry.status.name : `group ${entry.group.subscriber}`))).toEqual(['group ledger', 'audit', 'balances-v2']);
  const group = 'group' in entries[0]! ? entries[0].group : null;
  expect(group?.partitions.map((partition) => partition.name)).toEqual(['ledger#0', 'ledger#1']);
  expect(group).toMatchObject({ count: 2, maxLag: 9, owners: [], unowned: 0, states: [{ state: 'stored', partitions: 2 }] });
});
