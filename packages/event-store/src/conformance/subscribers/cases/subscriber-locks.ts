import assert from 'node:assert/strict';
import { defineSubscriberTopic } from '../subscriber-conformance-case';

/** How long `tryAcquire` may take while another process holds the lease: it must answer, not wait. */
const NEVER_WAITS_MS = 2_000;

/** `SubscriberLocks`: at most one holder per subscriber across processes; released leases are free again. */
export const subscriberLockCases = defineSubscriberTopic('subscriber-locks', [
  {
    slug: 'one-holder-per-subscriber',
    name: 'while one process holds a lease, another gets null at once (it never waits), for that name only',
    requires: 'locks',
    async run({ openLocks }) {
      const [first, second] = [await openLocks(), await openLocks()];
      const lease = await first.tryAcquire('balances');
      assert.ok(lease, 'a free lease is taken');
      assert.equal(lease.name, 'balances');
      assert.equal(lease.lost.aborted, false, 'a held lease is not lost');
      const started = Date.now();
      assert.equal(await second.tryAcquire('balances'), null, 'a held lease is refused to another process');
      assert.ok(Date.now() - started < NEVER_WAITS_MS, 'tryAcquire answers instead of waiting for the holder');
      assert.equal(await first.tryAcquire('balances'), null, 'nor is it handed out twice to its own holder');
      const other = await second.tryAcquire('statements');
      assert.ok(other, 'leases of other names are independent');
    },
  },
  {
    slug: 'release-frees-the-lease',
    name: 'a released lease can be taken by another process',
    requires: 'locks',
    async run({ openLocks }) {
      const [first, second] = [await openLocks(), await openLocks()];
      const lease = await first.tryAcquire('balances');
      assert.ok(lease);
      await lease.release();
      const taken = await second.tryAcquire('balances');
      assert.ok(taken, 'the lease is free after release');
      assert.equal(await first.tryAcquire('balances'), null, 'and now held by the other process');
    },
  },
  {
    slug: 'close-frees-every-lease',
    name: 'closing a process’s locks frees every lease it held',
    requires: 'locks',
    async run({ openLocks }) {
      const [first, second] = [await openLocks(), await openLocks()];
      assert.ok(await first.tryAcquire('a'));
      assert.ok(await first.tryAcquire('b'));
      await first.close();
      assert.ok(await second.tryAcquire('a'), 'a is free after close');
      assert.ok(await second.tryAcquire('b'), 'b is free after close');
    },
  },
  {
    slug: 'contention-has-one-winner',
    name: 'many processes asking for the same lease at once: exactly one gets it',
    requires: 'locks',
    async run({ openLocks }) {
      const processes = await Promise.all(Array.from({ length: 5 }, () => openLocks()));
      const leases = await Promise.all(processes.map((locks) => locks.tryAcquire('contended')));
      assert.equal(leases.filter((lease) => lease !== null).length, 1);
    },
  },
]);
