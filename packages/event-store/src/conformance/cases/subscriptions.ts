import assert from 'node:assert/strict';
import { take } from 'rxjs';
import type { EventStore } from '../../contract/event-store';
import type { NewEvent, RecordedEvent } from '../../contract/events';
import { defineTopic } from '../conformance-case';
import { ids, sampleEvents, versions } from '../support/sample-events';
import { SubscriptionProbe } from '../support/subscription-probe';

/** Positions strictly increase and no event id repeats: the "in order, once" promise. */
function assertInOrderOnce(events: readonly RecordedEvent[], compare: (a: RecordedEvent['position'], b: RecordedEvent['position']) => number): void {
  assert.equal(new Set(ids(events)).size, events.length, 'no event may be delivered twice');
  for (let index = 1; index < events.length; index++) {
    assert.ok(compare(events[index - 1]!.position, events[index]!.position) < 0, `event #${index} must come after #${index - 1}`);
  }
}

/** Appends and returns the recorded events: the truth a subscription is compared with (not readAll, which could share its bug). */
async function append(store: EventStore, streamId: string, events: NewEvent[]): Promise<RecordedEvent[]> {
  return (await store.append(streamId, events)).events;
}

/** Appends markers until the probe has received one: the subscription is live from then on. */
async function appendUntilDelivered(store: EventStore, probe: SubscriptionProbe, waitTimeoutMs: number): Promise<RecordedEvent[]> {
  const markers: RecordedEvent[] = [];
  const deadline = Date.now() + waitTimeoutMs;
  while (probe.events.length === 0) {
    markers.push(...(await store.append('marker-1', sampleEvents(1, 'Marker'))).events);
    try {
      await probe.waitUntil(() => probe.events.length > 0, 'a marker', false, 25);
    } catch (error) {
      if (probe.error !== undefined || probe.completed || Date.now() > deadline) throw error;
    }
  }
  return markers;
}

/**
 * Subscriptions from the origin, a position and the head: each sees every later event once, in
 * log order. A case ends by appending a sentinel and waiting for it: log order means everything
 * before it has been delivered by then, so the received list can be compared exactly.
 */
export const subscriptionCases = defineTopic('subscriptions', [
  {
    slug: 'from-origin-sees-history-then-new-events',
    name: 'from the origin: every stored event, then events appended later, in order, once',
    async run({ store, waitTimeoutMs }) {
      const appended = [...(await append(store, 'account-1', sampleEvents(3))), ...(await append(store, 'account-2', sampleEvents(2)))];
      const probe = new SubscriptionProbe(store.subscribe({ from: 'origin' }), waitTimeoutMs, 'the subscription from origin');
      try {
        await probe.waitForCount(5);
        appended.push(...(await append(store, 'account-1', sampleEvents(2))), ...(await append(store, 'account-3', sampleEvents(1))));
        appended.push(...(await append(store, 'sentinel-1', sampleEvents(1, 'Sentinel'))));
        await probe.waitForEvent(appended[appended.length - 1]!.eventId);
        assert.deepEqual(versions(probe.events), versions(appended));
        assert.deepEqual(ids(probe.events), ids(appended));
      } finally {
        probe.stop();
      }
    },
  },
  {
    slug: 'subscribe-defaults-to-the-origin',
    name: 'without options a subscription starts at the origin',
    async run({ store, waitTimeoutMs }) {
      const stored = (await store.append('account-1', sampleEvents(3))).events;
      const probe = new SubscriptionProbe(store.subscribe(), waitTimeoutMs);
      try {
        await probe.waitForCount(3);
        assert.deepEqual(ids(probe.events), ids(stored));
      } finally {
        probe.stop();
      }
    },
  },
  {
    slug: 'from-a-position-starts-strictly-after-it',
    name: 'from a position: only the events strictly after it, then new ones',
    async run({ store, waitTimeoutMs }) {
      const stored = (await store.append('account-1', sampleEvents(6))).events;
      const probe = new SubscriptionProbe(store.subscribe({ from: stored[1]!.position }), waitTimeoutMs);
      try {
        await probe.waitForCount(4);
        const later = (await store.append('account-2', sampleEvents(2))).events;
        await probe.waitForEvent(later[1]!.eventId);
        assert.deepEqual(ids(probe.events), ids([...stored.slice(2), ...later]));
      } finally {
        probe.stop();
      }
    },
  },
  {
    slug: 'from-head-sees-only-later-events',
    name: 'from the head: nothing stored before it, then every later event in order, once',
    async run({ store, waitTimeoutMs }) {
      const before = (await store.append('account-1', sampleEvents(4, 'Before'))).events;
      const probe = new SubscriptionProbe(store.subscribe({ from: 'head' }), waitTimeoutMs, 'the subscription from head');
      try {
        // The subscription takes the head at some moment after subscribe(); markers appended
        // until one arrives show it is live. Some early markers may predate that moment.
        const markers = await appendUntilDelivered(store, probe, waitTimeoutMs);
        const after = (await store.append('account-1', sampleEvents(3, 'After'))).events;
        await probe.waitForEvent(after[2]!.eventId);
        const firstSeen = markers.findIndex((marker) => marker.eventId === probe.events[0]!.eventId);
        assert.ok(
          firstSeen >= 0,
          `the first event delivered from head must be a marker appended after subscribing, got ${versions(probe.events.slice(0, 1)).join(', ')}`,
        );
        assert.deepEqual(ids(probe.events), ids([...markers.slice(firstSeen), ...after]));
        assert.ok(!probe.events.some((event) => before.some((old) => old.eventId === event.eventId)), 'events before the head are not delivered');
      } finally {
        probe.stop();
      }
    },
  },
  {
    slug: 'from-head-on-an-empty-store',
    name: 'from the head of an empty store: the first events appended once it is live, in order, once',
    async run({ store, waitTimeoutMs }) {
      const probe = new SubscriptionProbe(store.subscribe({ from: 'head' }), waitTimeoutMs);
      try {
        // As above: "now" is taken some moment after subscribe(); markers show when it is live.
        const markers = await appendUntilDelivered(store, probe, waitTimeoutMs);
        const first = (await store.append('account-1', sampleEvents(2))).events;
        await probe.waitForEvent(first[1]!.eventId);
        const firstSeen = markers.findIndex((marker) => marker.eventId === probe.events[0]!.eventId);
        assert.ok(firstSeen >= 0, `the first event delivered from head must be a marker, got ${versions(probe.events.slice(0, 1)).join(', ')}`);
        assert.deepEqual(ids(probe.events), ids([...markers.slice(firstSeen), ...first]));
      } finally {
        probe.stop();
      }
    },
  },
  {
    slug: 'many-concurrent-appends-arrive-once-in-order',
    name: 'during many concurrent appends to many streams, subscribers (started before and during) get the whole log once, in order',
    async run({ store, waitTimeoutMs }) {
      const appended = await append(store, 'seed-1', sampleEvents(3));
      const early = new SubscriptionProbe(store.subscribe({ from: 'origin' }), waitTimeoutMs, 'the early subscriber');
      let late: SubscriptionProbe | undefined;
      try {
        const writers = Array.from({ length: 5 }, async (_, writer) => {
          for (let round = 0; round < 20; round++) {
            appended.push(...(await append(store, `account-${(writer * 7 + round) % 6}`, sampleEvents(1 + ((writer + round) % 3), `Writer${writer}`))));
            if (writer === 0 && round === 10) late = new SubscriptionProbe(store.subscribe({ from: 'origin' }), waitTimeoutMs, 'the late subscriber');
          }
        });
        await Promise.all(writers);
        appended.push(...(await append(store, 'sentinel-1', sampleEvents(1, 'Sentinel'))));
        const log = appended.sort((a, b) => store.comparePositions(a.position, b.position));
        for (const probe of [early, late!]) {
          await probe.waitForEvent(log[log.length - 1]!.eventId);
          assertInOrderOnce(probe.events, (a, b) => store.comparePositions(a, b));
          assert.equal(probe.events.length, log.length, `${probe.summary()} — the log has ${log.length}`);
          assert.deepEqual(ids(probe.events), ids(log));
        }
      } finally {
        early.stop();
        late?.stop();
      }
    },
  },
  {
    slug: 'small-batches-catch-up-completely',
    name: 'a subscription with a small batchSize catches up across many batches without loss',
    async run({ store, waitTimeoutMs }) {
      const appended: RecordedEvent[] = [];
      for (let index = 0; index < 9; index++) appended.push(...(await append(store, `account-${index % 4}`, sampleEvents(3))));
      const probe = new SubscriptionProbe(store.subscribe({ from: 'origin', batchSize: 4 }), waitTimeoutMs);
      try {
        await probe.waitForCount(27);
        appended.push(...(await append(store, 'account-9', sampleEvents(9))));
        await probe.waitForEvent(appended[appended.length - 1]!.eventId);
        assert.deepEqual(ids(probe.events), ids(appended));
      } finally {
        probe.stop();
      }
    },
  },
  {
    slug: 'filtered-subscription-sees-only-matches',
    name: 'a filtered subscription delivers only matching events, even across long runs of others',
    async run({ store, waitTimeoutMs }) {
      const placed = [...(await append(store, 'order-1', sampleEvents(2, 'Placed')))];
      await store.append('account-1', sampleEvents(12, 'Noise'));
      placed.push(...(await append(store, 'order-2', sampleEvents(1, 'Placed'))));
      const filter = { categories: ['order'], types: ['Placed'] };
      const probe = new SubscriptionProbe(store.subscribe({ from: 'origin', filter, batchSize: 5 }), waitTimeoutMs);
      try {
        await probe.waitForCount(3);
        await store.append('account-2', sampleEvents(11, 'Noise'));
        await store.append('order-1', sampleEvents(1, 'Shipped'));
        placed.push(...(await append(store, 'order-3', sampleEvents(2, 'Placed'))));
        await probe.waitForEvent(placed[placed.length - 1]!.eventId);
        assert.deepEqual(ids(probe.events), ids(placed));
        assert.ok(probe.events.every((event) => event.type === 'Placed' && event.streamId.startsWith('order-')));
      } finally {
        probe.stop();
      }
    },
  },
  {
    slug: 'subscribers-are-independent',
    name: 'an unsubscribed subscriber gets nothing more while another keeps receiving',
    async run({ store, waitTimeoutMs }) {
      await store.append('account-1', sampleEvents(2));
      const leaving = new SubscriptionProbe(store.subscribe(), waitTimeoutMs, 'the leaving subscriber');
      const staying = new SubscriptionProbe(store.subscribe(), waitTimeoutMs, 'the staying subscriber');
      try {
        await leaving.waitForCount(2);
        leaving.stop();
        const later = await store.append('account-1', sampleEvents(3));
        await staying.waitForEvent(later.events[2]!.eventId);
        assert.equal(staying.events.length, 5);
        assert.equal(leaving.events.length, 2, 'no event after unsubscribing');
      } finally {
        leaving.stop();
        staying.stop();
      }
    },
  },
  {
    slug: 'unsubscribing-from-inside-next',
    name: 'a subscriber that unsubscribes from inside next (take(n)) gets exactly n events and completes',
    async run({ store, waitTimeoutMs }) {
      const stored = (await store.append('account-1', sampleEvents(8))).events;
      const probe = new SubscriptionProbe(store.subscribe().pipe(take(3)), waitTimeoutMs);
      try {
        await probe.waitForEnd();
        assert.equal(probe.error, undefined);
        assert.deepEqual(ids(probe.events), ids(stored.slice(0, 3)));
      } finally {
        probe.stop();
      }
    },
  },
  {
    slug: 'resubscribing-from-the-last-event-continues',
    name: 'a new subscription from the last position delivered continues without gap or repeat',
    async run({ store, waitTimeoutMs }) {
      const stored = (await store.append('account-1', sampleEvents(10))).events;
      const first = new SubscriptionProbe(store.subscribe().pipe(take(4)), waitTimeoutMs, 'the first subscription');
      await first.waitForEnd();
      first.stop();
      const resumed = new SubscriptionProbe(store.subscribe({ from: first.events[3]!.position }), waitTimeoutMs, 'the resumed subscription');
      try {
        const later = (await store.append('account-1', sampleEvents(2))).events;
        await resumed.waitForEvent(later[1]!.eventId);
        assert.deepEqual(ids([...first.events, ...resumed.events]), ids([...stored, ...later]));
      } finally {
        resumed.stop();
      }
    },
  },
]);
