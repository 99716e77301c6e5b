import { asGlobalPosition, CheckpointConflictError } from '@factum/event-store';
import { PostgresSubscriberStore } from '../src/subscriptions/postgres-subscriber-store';
import { openTestDatabase, where, type TestDatabase } from './support/subscriptions-database';

const p = (n: number) => asGlobalPosition(`${String(n).padStart(20, '0')}:${String(n).padStart(19, '0')}`);

describe(`PostgresSubscriberStore ${where}`, () => {
  let db: TestDatabase;
  let store: PostgresSubscriberStore;
  beforeAll(async () => {
    db = await openTestDatabase('substore');
    store = new PostgresSubscriberStore(db.client, { schema: db.schema });
    await db.client.query(`create table "${db.schema}".model (id text primary key, n integer not null)`);
  });
  afterAll(() => db.drop());

  it('commits read-model writes, process state, dead letters and the checkpoint together', async () => {
    await store.transaction(async (session) => {
      await session.tx.query(`insert into "${db.schema}".model values ('a', 1)`);
      await session.processStates.save({ processName: 'pm', key: 'k1', state: { step: 1 }, position: p(1) });
      await session.deadLetters.add({
        subscriber: 'proj',
        eventId: 'e1',
        eventType: 'T',
        streamId: 's-1',
        version: 1,
        position: p(1),
        error: { name: 'Error', message: 'boom', code: null, stack: null },
        attempts: 3,
      });
      await session.checkpoints.set('proj', p(1), { expected: null });
    });
    expect(await store.checkpoints.get('proj')).toBe(p(1));
    expect(await store.processStates.load('pm', 'k1')).toMatchObject({ state: { step: 1 }, position: p(1) });
    expect(await store.deadLetters.list('proj')).toEqual([
      expect.objectContaining({ eventId: 'e1', attempts: 3, version: 1, error: expect.objectContaining({ message: 'boom' }) }),
    ]);
    expect((await db.client.query(`select * from "${db.schema}".model`)).rows).toEqual([{ id: 'a', n: 1 }]);
  });

  it('rolls all of it back when the work throws', async () => {
    await expect(
      store.transaction(async (session) => {
        await session.tx.query(`insert into "${db.schema}".model values ('b', 2)`);
        await session.processStates.save({ processName: 'pm', key: 'k1', state: { step: 2 }, position: p(2) });
        await session.checkpoints.set('proj', p(2), { expected: p(1) });
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(await store.checkpoints.get('proj')).toBe(p(1));
    expect((await store.processStates.load('pm', 'k1'))!.state).toEqual({ step: 1 });
    expect((await db.client.query(`select id from "${db.schema}".model order by id`)).rows).toEqual([{ id: 'a' }]);
  });

  it('fences checkpoint writes: a stale expected position is refused and nothing of its unit commits', async () => {
    await store.checkpoints.set('fenced', p(5));
    await expect(
      store.transaction(async (session) => {
        await session.tx.query(`insert into "${db.schema}".model values ('stale', 9)`);
        await session.checkpoints.set('fenced', p(6), { expected: p(4) });
      }),
    ).rejects.toBeInstanceOf(CheckpointConflictError);
    await expect(store.checkpoints.set('fenced', p(6), { expected: null })).rejects.toMatchObject({ code: 'CHECKPOINT_CONFLICT', actual: p(5) });
    expect(await store.checkpoints.get('fenced')).toBe(p(5));
    expect((await db.client.query(`select id from "${db.schema}".model where id = 'stale'`)).rows).toEqual([]);
    await store.checkpoints.set('fenced', p(6), { expected: p(5) });
    expect(await store.checkpoints.get('fenced')).toBe(p(6));
  });

  it('deletes and lists process instances and dead letters', async () => {
    await store.processStates.save({ processName: 'pm2', key: 'b', state: [1, 2], position: null });
    await store.processStates.save({ processName: 'pm2', key: 'a', state: 'x', position: p(3) });
    expect((await store.processStates.list('pm2')).map((i) => i.key)).toEqual(['a', 'b']);
    await store.processStates.delete('pm2', 'a');
    expect((await store.processStates.list('pm2')).map((i) => [i.key, i.state, i.position])).toEqual([['b', [1, 2], null]]);
    await store.deadLetters.delete('proj', 'e1');
    expect(await store.deadLetters.list()).toEqual([]);
    await store.checkpoints.delete('proj');
    expect(await store.checkpoints.get('proj')).toBeNull();
  });
});
