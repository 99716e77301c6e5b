import assert from 'node:assert/strict';
import type { SubscriberOperations } from '../contract/subscriber-operations';
import { InvalidInputError } from '../errors/store-errors';
import { jestGlobals } from './support/optional-peers';

/** A fresh, empty operations store per case, and how to tear it down. */
export type SubscriberOperationsFactory = () => Promise<{ operations: SubscriberOperations; close?(): Promise<void> }>;

interface OperationsCase {
  name: string;
  run(operations: SubscriberOperations): Promise<void>;
}

/** The promises of `SubscriberOperations`, each as an executable check. */
export const subscriberOperationsCases: readonly OperationsCase[] = [
  {
    name: 'a request is pending, open, and moves pending → running → done with its progress and result',
    async run(operations) {
      const request = await operations.request({ subscriber: 'balances', kind: 'rebuild' });
      assert.equal(request.state, 'pending');
      assert.equal(request.performer, null);
      assert.deepEqual(
        (await operations.open(['balances'])).map((op) => op.id),
        [request.id],
      );
      assert.deepEqual(await operations.open(['other']), []);
      assert.equal(await operations.claim(request.id, 'host:1'), true);
      assert.equal(await operations.claim(request.id, 'host:1'), false, 'a performer does not claim its own running request again');
      await operations.progress(request.id, { done: 5, total: 10 });
      assert.deepEqual((await operations.get(request.id))?.progress, { done: 5, total: 10 });
      await operations.finish(request.id, { result: { events: 10 } });
      const done = await operations.get(request.id);
      assert.equal(done?.state, 'done');
      assert.equal(done?.performer, 'host:1');
      assert.deepEqual(done?.result, { events: 10 });
      assert.deepEqual(await operations.open(['balances']), [], 'a finished request is no longer open');
      await operations.finish(request.id, { error: { code: 'X', message: 'late' } });
      assert.equal((await operations.get(request.id))?.state, 'done', 'a finished request stays as it was');
      await operations.progress(request.id, { done: 1 });
      assert.deepEqual((await operations.get(request.id))?.progress, { done: 5, total: 10 }, 'progress after the end is ignored');
    },
  },
  {
    name: 'a failed request keeps its error; a pending one can be cancelled once, a claimed one not',
    async run(operations) {
      const first = await operations.request({ subscriber: 'mailer', kind: 'retry-dead-letter', eventId: 'e-1' });
      assert.equal(first.eventId, 'e-1');
      await operations.claim(first.id, 'a');
      await operations.finish(first.id, { error: { code: 'BOOM', message: 'handler failed: ü 😀' } });
      assert.deepEqual((await operations.get(first.id))?.error, { code: 'BOOM', message: 'handler failed: ü 😀' });
      assert.equal((await operations.get(first.id))?.state, 'failed');
      assert.equal(await operations.cancel(first.id, { code: 'T', message: 't' }), false);

      const second = await operations.request({ subscriber: 'mailer', kind: 'retry-dead-letters' });
      assert.equal(await operations.cancel(second.id, { code: 'OPERATION_TIMEOUT', message: 'nobody' }), true);
      assert.equal(await operations.claim(second.id, 'a'), false, 'a cancelled request is never performed');
      assert.equal((await operations.get(second.id))?.state, 'failed');
    },
  },
  {
    name: 'a running request is taken over by another performer (the new lease holder), never by a finished one',
    async run(operations) {
      const request = await operations.request({ subscriber: 'balances', kind: 'retry-dead-letters' });
      assert.equal(await operations.claim(request.id, 'old'), true);
      assert.equal(await operations.claim(request.id, 'new'), true);
      assert.equal((await operations.get(request.id))?.performer, 'new');
      assert.deepEqual(
        (await operations.open(['balances'])).map((op) => op.state),
        ['running'],
      );
      assert.equal(await operations.claim('no-such-id', 'new'), false);
      assert.equal(await operations.get('no-such-id'), null);
    },
  },
  {
    name: 'open lists oldest first; history lists newest first, per subscriber or all, limited',
    async run(operations) {
      const a = await operations.request({ subscriber: 's1', kind: 'restart' });
      const b = await operations.request({ subscriber: 's2', kind: 'restart' });
      const c = await operations.request({ subscriber: 's1', kind: 'rebuild' });
      assert.deepEqual(
        (await operations.open(['s1', 's2'])).map((op) => op.id),
        [a.id, b.id, c.id],
      );
      assert.deepEqual(
        (await operations.history('s1')).map((op) => op.id),
        [c.id, a.id],
      );
      assert.deepEqual(
        (await operations.history()).map((op) => op.id),
        [c.id, b.id, a.id],
      );
      assert.deepEqual(
        (await operations.history(undefined, 1)).map((op) => op.id),
        [c.id],
      );
    },
  },
  {
    name: 'requests are checked: a known kind, an event id exactly for the dead-letter kinds',
    async run(operations) {
      const refused = async (work: () => Promise<unknown>, what: string) => assert.rejects(work, InvalidInputError, what);
      await refused(() => operations.request({ subscriber: 's', kind: 'explode' as never }), 'unknown kind');
      await refused(() => operations.request({ subscriber: 's', kind: 'retry-dead-letter' }), 'missing event id');
      await refused(() => operations.request({ subscriber: 's', kind: 'rebuild', eventId: 'e' }), 'event id on a rebuild');
      await refused(() => operations.request({ subscriber: ' s', kind: 'rebuild' }), 'bad subscriber name');
      assert.deepEqual(await operations.history(), [], 'nothing refused was recorded');
    },
  },
  {
    name: 'a report replaces the earlier one of its subscriber and keeps every field',
    async run(operations) {
      const base = { kind: 'projector', eventTypes: ['A', 'B'], owner: 'host:1', position: null, eventsPerSecond: 12.5, lastError: null };
      await operations.publish({ ...base, subscriber: 'b', state: 'live' });
      await operations.publish({ ...base, subscriber: 'a', state: 'catching-up' });
      await operations.publish({ ...base, subscriber: 'b', state: 'stopped', owner: 'host:2', lastError: { code: 'E', message: 'failed' } });
      const reports = await operations.reports();
      assert.deepEqual(
        reports.map((r) => [r.subscriber, r.state, r.owner]),
        [
          ['a', 'catching-up', 'host:1'],
          ['b', 'stopped', 'host:2'],
        ],
      );
      assert.deepEqual(reports[1]!.eventTypes, ['A', 'B']);
      assert.equal(reports[1]!.eventsPerSecond, 12.5);
      assert.deepEqual(reports[1]!.lastError, { code: 'E', message: 'failed' });
      assert.ok(reports[1]!.reportedAt instanceof Date);
    },
  },
  {
    name: 'a report keeps its receive and process time percentiles; a report without them reads as null',
    async run(operations) {
      const base = { kind: 'projector', eventTypes: ['A'], owner: 'host:1', position: null, eventsPerSecond: 1, lastError: null, state: 'live' };
      const timings = { events: 42, receive: { p50: 3, p95: 12.5, p99: 40 }, process: { p50: 1, p95: 2, p99: 7.25 } };
      await operations.publish({ ...base, subscriber: 'timed', timings });
      await operations.publish({ ...base, subscriber: 'untimed' });
      const reports = await operations.reports();
      assert.deepEqual(reports.find((r) => r.subscriber === 'timed')!.timings, timings);
      assert.equal(reports.find((r) => r.subscriber === 'untimed')!.timings ?? null, null);
      await assert.rejects(
        () =>
          operations.publish({ ...base, subscriber: 'bad', timings: { events: 1, receive: { p50: Number.NaN, p95: 1, p99: 1 }, process: timings.process } }),
        InvalidInputError,
        'percentiles must be numbers',
      );
    },
  },
];

/**
 * Registers the `SubscriberOperations` cases as Jest tests, each on a fresh store from `factory`:
 * run it on a subscriber store of your own (`store.operations`).
 */
export function subscriberOperationsConformance(name: string, factory: SubscriberOperationsFactory): void {
  const { describe, it } = jestGlobals();
  describe(name, () => {
    for (const testCase of subscriberOperationsCases) {
      it(testCase.name, async () => {
        const fixture = await factory();
        try {
          await testCase.run(fixture.operations);
        } finally {
          await fixture.close?.();
        }
      });
    }
  });
}
