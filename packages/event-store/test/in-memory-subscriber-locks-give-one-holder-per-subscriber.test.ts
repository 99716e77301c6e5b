import { InMemorySubscriberLocks } from '@factum/event-store';

describe('InMemorySubscriberLocks', () => {
  it('gives a subscriber to one holder until it is released or expires', async () => {
    const locks = new InMemorySubscriberLocks();
    const first = await locks.tryAcquire('p');
    expect(first).not.toBeNull();
    expect(await locks.tryAcquire('p')).toBeNull();
    expect(await locks.tryAcquire('q')).not.toBeNull();
    await first!.release();
    const second = await locks.tryAcquire('p');
    expect(second).not.toBeNull();
    await first!.release(); // a stale release does not free the new holder's lease
    expect(await locks.tryAcquire('p')).toBeNull();

    locks.expire('p');
    expect(second!.lost.aborted).toBe(true);
    expect(second!.lost.reason).toMatchObject({ code: 'LEASE_EXPIRED' });
    expect(await locks.tryAcquire('p')).not.toBeNull();
    expect(locks.holders()).toEqual(['p', 'q']);
  });
});
