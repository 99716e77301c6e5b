import {
  asGlobalPosition,
  CheckpointConflictError,
  InMemoryCheckpointStore,
  InMemorySubscriberStore,
  SessionEndedError,
  type SubscriberSession,
} from '@factum/event-store';

const p = (n: number) => asGlobalPosition(String(n).padStart(16, '0'));
const letter = (eventId: string) => ({
  subscriber: 's',
  eventId,
  eventType: 'T',
  streamId: 'x-1',
  version: 1,
  position: p(1),
  error: { name: 'Error', message: 'boom', code: null, stack: null },
  attempts: 1,
});

describe('InMemorySubscriberStore', () => {
  it('applies a session only when its work resolves, and reads its own staged writes meanwhile', async () => {
    const store = new InMemorySubscriberStore();
    await store.transaction(async (session) => {
      await session.checkpoints.set('s', p(1), { expected: null });
      await session.processStates.save({ processName: 'pm', key: 'k', state: { n: 1 }, position: p(1) });
      await session.deadLetters.add(letter('e1'));
      expect(await session.checkpoints.get('s')).toBe(p(1));
      expect((await session.processStates.load('pm', 'k'))?.state).toEqual({ n: 1 });
      expect(await store.checkpoints.get('s')).toBeNull(); // not yet visible outside
    });
    expect(await store.checkpoints.get('s')).toBe(p(1));
    expect((await store.processStates.load('pm', 'k'))?.state).toEqual({ n: 1 });
    expect((await store.deadLetters.list('s')).map((l) => l.eventId)).toEqual(['e1']);
  });

  it('drops everything a session wrote when its work throws', async () => {
    const store = new InMemorySubscriberStore();
    await store.checkpoints.set('s', p(1));
    await expect(
      store.transaction(async (session) => {
        await session.checkpoints.set('s', p(2), { expected: p(1) });
        await session.processStates.save({ processName: 'pm', key: 'k', state: 1, position: p(2) });
        await session.deadLetters.add(letter('e2'));
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(await store.checkpoints.get('s')).toBe(p(1));
    expect(await store.processStates.list('pm')).toEqual([]);
    expect(await store.deadLetters.list()).toEqual([]);
  });

  it('fences checkpoint writes, in a session and outside one, and refuses writes after the session ended', async () => {
    const checkpoints = new InMemoryCheckpointStore();
    const store = new InMemorySubscriberStore({ checkpoints });
    await checkpoints.set('s', p(5));
    await expect(store.transaction((session) => session.checkpoints.set('s', p(6), { expected: p(4) }))).rejects.toBeInstanceOf(CheckpointConflictError);
    await expect(store.checkpoints.set('s', p(6), { expected: null })).rejects.toMatchObject({ code: 'CHECKPOINT_CONFLICT', actual: p(5) });
    let kept: SubscriberSession | undefined;
    await store.transaction(async (session) => {
      kept = session;
    });
    await expect(kept!.checkpoints.set('s', p(9))).rejects.toBeInstanceOf(SessionEndedError);
    expect(await checkpoints.get('s')).toBe(p(5));
  });

  it('keeps process state as frozen JSON and refuses what is not JSON', async () => {
    const store = new InMemorySubscriberStore();
    const state = { items: [1, 2] };
    await store.processStates.save({ processName: 'pm', key: 'k', state, position: null });
    state.items.push(3);
    const loaded = await store.processStates.load('pm', 'k');
    expect(loaded?.state).toEqual({ items: [1, 2] });
    expect(Object.isFrozen(loaded?.state)).toBe(true);
    await expect(store.processStates.save({ processName: 'pm', key: 'k', state: { at: new Date() } as never, position: null })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
