import { KeyedQueue } from '../src/aggregates/keyed-queue';

/** Enters, records when the turn came, holds the key until `release` is called, then leaves. */
function holder(queue: KeyedQueue, key: string, name: string, log: string[]): { done: Promise<void>; release: () => void } {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const done = (async () => {
    const turn = queue.enter(key);
    if (turn !== null) await turn;
    try {
      log.push(`${name} in`);
      await released;
    } finally {
      log.push(`${name} out`);
      queue.leave(key);
    }
  })();
  return { done, release };
}

const ticks = async (count = 5): Promise<void> => {
  for (let i = 0; i < count; i++) await Promise.resolve();
};

describe('KeyedQueue', () => {
  it('gives a free key at once, without a promise', () => {
    const queue = new KeyedQueue();
    expect(queue.enter('a')).toBeNull();
    expect(queue.enter('b')).toBeNull();
    expect(queue.enter('a')).toBeInstanceOf(Promise);
  });

  it('lets one holder in at a time per key, in arrival order, and a newcomer waits behind those already waiting', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const first = holder(queue, 'a', 'first', log);
    const second = holder(queue, 'a', 'second', log);
    const third = holder(queue, 'a', 'third', log);
    await ticks();
    expect(log).toEqual(['first in']);
    first.release();
    // The key passes to the second holder; a newcomer now must not slip in before the third.
    await Promise.resolve();
    const fourth = holder(queue, 'a', 'fourth', log);
    third.release();
    fourth.release();
    await ticks();
    expect(log).toEqual(['first in', 'first out', 'second in']);
    second.release();
    await Promise.all([first.done, second.done, third.done, fourth.done]);
    expect(log).toEqual(['first in', 'first out', 'second in', 'second out', 'third in', 'third out', 'fourth in', 'fourth out']);
    expect(queue.size).toBe(0);
  });

  it('holds different keys at the same time', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const a = holder(queue, 'a', 'a', log);
    const b = holder(queue, 'b', 'b', log);
    await ticks();
    expect(log).toEqual(['a in', 'b in']);
    expect(queue.size).toBe(2);
    a.release();
    b.release();
    await Promise.all([a.done, b.done]);
    expect(queue.size).toBe(0);
  });

  it('passes the key on when a holder fails, and frees it once nobody waits', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const failing = (async () => {
      const turn = queue.enter('a');
      if (turn !== null) await turn;
      try {
        await Promise.resolve();
        throw new Error('refused');
      } finally {
        queue.leave('a');
      }
    })();
    const next = holder(queue, 'a', 'next', log);
    expect(log).toEqual([]);
    await expect(failing).rejects.toThrow('refused');
    await ticks();
    expect(log).toEqual(['next in']);
    next.release();
    await next.done;
    expect(queue.size).toBe(0);
    expect(queue.enter('a')).toBeNull();
  });

  it('keeps arrival order when a key held alone gets company, and when the queue empties and fills again', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    // 'a' is held alone, then 'b' joins, then waiters come for both.
    const a1 = holder(queue, 'a', 'a1', log);
    const b1 = holder(queue, 'b', 'b1', log);
    const a2 = holder(queue, 'a', 'a2', log);
    const b2 = holder(queue, 'b', 'b2', log);
    await ticks();
    expect(log).toEqual(['a1 in', 'b1 in']);
    expect(queue.size).toBe(2);
    b1.release();
    a1.release();
    await ticks();
    const of = (key: string): string[] => log.filter((entry) => entry.startsWith(key));
    expect(of('a')).toEqual(['a1 in', 'a1 out', 'a2 in']);
    expect(of('b')).toEqual(['b1 in', 'b1 out', 'b2 in']);
    a2.release();
    b2.release();
    await Promise.all([a1.done, a2.done, b1.done, b2.done]);
    expect(queue.size).toBe(0);
    // Empty again: a key held alone, with a waiter behind it.
    expect(queue.enter('c')).toBeNull();
    expect(queue.size).toBe(1);
    let second = false;
    const turn = queue.enter('c')!;
    void turn.then(() => (second = true));
    await ticks();
    expect(second).toBe(false);
    queue.leave('c');
    await ticks();
    expect(second).toBe(true);
    queue.leave('c');
    expect(queue.size).toBe(0);
    expect(queue.enter('d')).toBeNull();
  });
});
