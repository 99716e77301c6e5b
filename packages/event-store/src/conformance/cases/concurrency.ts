import assert from 'node:assert/strict';
import type { AppendResult, ExpectedVersion } from '../../contract/append';
import type { EventStore } from '../../contract/event-store';
import { defineTopic } from '../conformance-case';
import { readAll, readStream } from '../support/collect';
import { describeError } from '../support/expect-error';
import { fastCheck } from '../support/optional-peers';
import { ids, sampleEvents, uniqueSuffix } from '../support/sample-events';

const WRONG_VERSION = 'WRONG_EXPECTED_VERSION';

const codeOf = (error: unknown): unknown => (typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined);

/** Lets other writers run: `turns` trips through the event loop. */
async function pause(turns: number): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** Runs appends at once and splits the outcomes; anything but a version conflict is a failure. */
async function race(attempts: ReadonlyArray<() => Promise<AppendResult>>): Promise<{ won: AppendResult[]; lost: number }> {
  const outcomes = await Promise.allSettled(attempts.map((attempt) => attempt()));
  const won: AppendResult[] = [];
  let lost = 0;
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') won.push(outcome.value);
    else if (codeOf(outcome.reason) === WRONG_VERSION) lost++;
    else assert.fail(`a concurrent append failed with ${describeError(outcome.reason)} instead of a version conflict`);
  }
  return { won, lost };
}

type Expectation = 'read' | 'stale' | 'any' | 'no-stream' | 'exists';
interface PlannedAppend {
  stream: number;
  size: number;
  expect: Expectation;
  pause: number;
}
interface Attempt {
  streamId: string;
  expected: ExpectedVersion;
  sent: string[];
  calledAt: number;
  doneAt: number;
  result?: AppendResult;
}

/**
 * Several writers, each appending in sequence with the version it last read (or another
 * expectation), interleaved at random. Checks: one winner per version, no gaps, each batch
 * contiguous, the global log holding every winner once in stream order, and real-time order
 * (an append that finished before another started comes first in the log).
 */
async function checkInterleaving(store: EventStore, writers: readonly PlannedAppend[][]): Promise<void> {
  const category = `mix${uniqueSuffix()}`;
  const streamOf = (stream: number): string => `${category}-${stream}`;
  let clock = 0;
  const attempts: Attempt[] = [];
  await Promise.all(
    writers.map(async (plan, writer) => {
      for (const step of plan) {
        const streamId = streamOf(step.stream);
        const seen = await store.streamVersion(streamId);
        await pause(step.pause);
        const expected: ExpectedVersion = step.expect === 'read' ? seen : step.expect === 'stale' ? seen + 1 : step.expect;
        const events = sampleEvents(step.size, `Writer${writer}`);
        const attempt: Attempt = { streamId, expected, sent: events.map((event) => event.eventId!), calledAt: clock++, doneAt: -1 };
        attempts.push(attempt);
        try {
          attempt.result = await store.append(streamId, events, { expectedVersion: expected });
        } catch (error) {
          if (codeOf(error) !== WRONG_VERSION) assert.fail(`append failed with ${describeError(error)}`);
          const conflict = error as { streamId?: unknown; expected?: unknown; actual?: unknown };
          assert.equal(conflict.streamId, streamId, 'WrongExpectedVersionError.streamId');
          assert.equal(conflict.expected, expected, 'WrongExpectedVersionError.expected');
          const actual = conflict.actual;
          assert.ok(typeof actual === 'number', 'WrongExpectedVersionError.actual is a number');
          if (typeof expected === 'number') assert.notEqual(actual, expected, 'a refused numeric expectation cannot equal actual');
          if (expected === 'no-stream') assert.ok(actual > 0, "'no-stream' can only be refused by a stream with events");
          if (expected === 'exists') assert.equal(actual, 0, "'exists' can only be refused by a stream without events");
        }
        attempt.doneAt = clock++;
      }
    }),
  );

  const winners = attempts.filter((attempt): attempt is Attempt & { result: AppendResult } => attempt.result !== undefined);
  for (const winner of winners) {
    const versions = winner.result.events.map((event) => event.version);
    const first = versions[0]!;
    assert.deepEqual(
      versions,
      winner.sent.map((_, index) => first + index),
      'a batch takes consecutive versions',
    );
    assert.deepEqual(ids(winner.result.events), winner.sent, 'the result holds the events sent');
    if (typeof winner.expected === 'number') assert.equal(first, winner.expected + 1, `an append expecting ${winner.expected} starts at the next version`);
    if (winner.expected === 'no-stream') assert.equal(first, 1, "'no-stream' creates the stream");
    if (winner.expected === 'exists') assert.ok(first > 1, "'exists' appends to an existing stream");
  }

  const streamIds = [...new Set(attempts.map((attempt) => attempt.streamId))];
  for (const streamId of streamIds) {
    const mine = winners.filter((winner) => winner.streamId === streamId).sort((a, b) => a.result.events[0]!.version - b.result.events[0]!.version);
    const claimed = mine.flatMap((winner) => winner.result.events.map((event) => event.version));
    assert.deepEqual(
      claimed,
      claimed.map((_, index) => index + 1),
      `${streamId}: exactly one winner per version, no gaps`,
    );
    const stored = await readStream(store, streamId);
    assert.deepEqual(
      ids(stored),
      mine.flatMap((winner) => winner.sent),
      `${streamId}: the stream holds the winners' events in version order`,
    );
    assert.equal(await store.streamVersion(streamId), claimed.length);
  }

  const log = await readAll(store, { filter: { categories: [category] } });
  const expectedIds = winners.flatMap((winner) => winner.sent);
  assert.equal(log.length, expectedIds.length, 'the global log holds every winning event, once');
  assert.deepEqual(new Set(ids(log)), new Set(expectedIds), 'the global log holds exactly the winning events');
  const lastVersion = new Map<string, number>();
  for (let index = 0; index < log.length; index++) {
    const event = log[index]!;
    assert.equal(event.version, (lastVersion.get(event.streamId) ?? 0) + 1, `global log order follows ${event.streamId}'s version order`);
    lastVersion.set(event.streamId, event.version);
    if (index > 0) assert.ok(store.comparePositions(log[index - 1]!.position, event.position) < 0, 'positions increase along the log');
  }
  const positionOf = new Map(winners.flatMap((winner) => winner.result.events.map((event) => [event.eventId, event.position] as const)));
  for (const event of log) assert.equal(event.position, positionOf.get(event.eventId), 'a read event has the position its append returned');
  for (const earlier of winners) {
    for (const later of winners) {
      if (earlier.doneAt < later.calledAt) {
        assert.ok(
          store.comparePositions(earlier.result.position, later.result.events[0]!.position) < 0,
          'an append that finished before another began must come first in the global log',
        );
      }
    }
  }
}

/** Appends racing on one stream: exactly one wins each version. */
export const concurrencyCases = defineTopic('concurrency', [
  {
    slug: 'one-winner-per-expected-version',
    name: 'of many concurrent appends expecting the same version exactly one wins; the others get WrongExpectedVersionError',
    async run({ store }) {
      await store.append('account-1', sampleEvents(1));
      const batches = Array.from({ length: 8 }, (_, writer) => sampleEvents(2, `Writer${writer}`));
      const { won, lost } = await race(batches.map((batch) => () => store.append('account-1', batch, { expectedVersion: 1 })));
      assert.equal(won.length, 1, 'exactly one append wins');
      assert.equal(lost, 7);
      const stored = await readStream(store, 'account-1');
      assert.deepEqual(
        stored.map((event) => event.version),
        [1, 2, 3],
      );
      assert.deepEqual(ids(stored.slice(1)), ids(won[0]!.events), "the stream holds the winner's events");
      assert.equal((await readAll(store)).length, 3, 'the losers left nothing in the global log');
    },
  },
  {
    slug: 'one-creator-per-stream',
    name: "of many concurrent 'no-stream' appends exactly one creates the stream",
    async run({ store }) {
      const { won, lost } = await race(
        Array.from({ length: 8 }, (_, writer) => () => store.append('account-1', sampleEvents(1, `Writer${writer}`), { expectedVersion: 'no-stream' })),
      );
      assert.equal(won.length, 1);
      assert.equal(lost, 7);
      assert.equal(await store.streamVersion('account-1'), 1);
    },
  },
  {
    slug: 'concurrent-any-appends-lose-nothing',
    name: "concurrent 'any' appends all land, each batch on consecutive versions, with no gap or duplicate",
    async run({ store }) {
      const batches = Array.from({ length: 12 }, (_, writer) => sampleEvents(1 + (writer % 3), `Writer${writer}`));
      const { won } = await race(batches.map((batch) => () => store.append('account-1', batch)));
      assert.equal(won.length, batches.length, "'any' appends never conflict");
      const stored = await readStream(store, 'account-1');
      const total = batches.reduce((sum, batch) => sum + batch.length, 0);
      assert.deepEqual(
        stored.map((event) => event.version),
        Array.from({ length: total }, (_, index) => index + 1),
      );
      for (const result of won) {
        const first = result.events[0]!.version;
        assert.deepEqual(ids(stored.slice(first - 1, first - 1 + result.events.length)), ids(result.events), 'a batch is not split');
      }
    },
  },
  {
    slug: 'retrying-writers-lose-no-update',
    name: 'writers that reload and retry on conflict serialise: no update is lost',
    async run({ store }) {
      const writers = 5;
      const incrementsEach = 5;
      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          for (let done = 0; done < incrementsEach;) {
            const version = await store.streamVersion('counter-1');
            try {
              await store.append('counter-1', [{ type: 'Incremented', data: { writer } }], { expectedVersion: version });
              done++;
            } catch (error) {
              if (codeOf(error) !== WRONG_VERSION) throw error;
            }
          }
        }),
      );
      const stored = await readStream(store, 'counter-1');
      assert.equal(stored.length, writers * incrementsEach);
      for (let writer = 0; writer < writers; writer++) {
        assert.equal(stored.filter((event) => (event.data as { writer: number }).writer === writer).length, incrementsEach);
      }
    },
  },
  {
    slug: 'random-interleavings-keep-every-invariant',
    name: 'random interleavings of several writers (property): one winner per version, no gaps, log order consistent with streams and time',
    async run({ store, propertyRuns }) {
      const fc = fastCheck();
      const step = fc.record({
        stream: fc.nat({ max: 2 }),
        size: fc.integer({ min: 1, max: 3 }),
        expect: fc.constantFrom<Expectation>('read', 'read', 'read', 'stale', 'any', 'no-stream', 'exists'),
        pause: fc.nat({ max: 3 }),
      });
      const writers = fc.array(fc.array(step, { minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 4 });
      await fc.assert(
        fc.asyncProperty(writers, (plan) => checkInterleaving(store, plan)),
        { numRuns: propertyRuns },
      );
    },
  },
]);
