import assert from 'node:assert/strict';
import type { AppendResult } from '../../contract/append';
import { asGlobalPosition } from '../../contract/position';
import { defineTopic } from '../conformance-case';
import { readAll } from '../support/collect';
import { ids, sampleEvents } from '../support/sample-events';
import { SubscriptionProbe } from '../support/subscription-probe';

/** Positions are opaque strings: persisted, handed back, and compared only by the store. */
export const positionCases = defineTopic('positions', [
  {
    slug: 'positions-survive-serialisation',
    name: 'a position persisted as a string (JSON, a copy) resumes readAll and subscribe exactly after it',
    async run({ store, waitTimeoutMs }) {
      const appended = (await store.append('account-1', sampleEvents(6))).events;
      const original = appended[2]!.position;
      assert.equal(typeof original, 'string', 'a position is a string');
      assert.ok(original.length > 0, 'a position is not empty');
      const persisted = JSON.parse(JSON.stringify({ checkpoint: original })) as { checkpoint: string };
      const restored = asGlobalPosition([...persisted.checkpoint].join(''));
      assert.equal(restored, original);
      assert.equal(store.comparePositions(restored, original), 0, 'a restored position equals the original');
      assert.deepEqual(ids(await readAll(store, { after: restored })), ids(appended.slice(3)));
      const probe = new SubscriptionProbe(store.subscribe({ from: restored }), waitTimeoutMs);
      try {
        await probe.waitForCount(3);
        assert.deepEqual(ids(probe.events), ids(appended.slice(3)));
      } finally {
        probe.stop();
      }
    },
  },
  {
    slug: 'positions-from-appends-and-reads-agree',
    name: 'the position an append returns compares equal to the same event read from the log, and orders against all others',
    async run({ store }) {
      const results: AppendResult[] = [];
      for (let index = 0; index < 12; index++) results.push(await store.append(`account-${index % 3}`, sampleEvents(1)));
      const log = await readAll(store);
      results.forEach((result, index) => {
        assert.equal(store.comparePositions(result.position, log[index]!.position), 0);
        if (index > 0) assert.ok(store.comparePositions(results[index - 1]!.position, result.position) < 0, `append #${index} comes after #${index - 1}`);
      });
    },
  },
]);
