import assert from 'node:assert/strict';
import type { CheckpointStore } from '../../contract/checkpoint-store';
import type { EventStore } from '../../contract/event-store';
import type { GlobalPosition } from '../../contract/position';
import type { Snapshot, SnapshotStore } from '../../contract/snapshot-store';
import { validateAppend } from '../../validation/append-input';
import { checkIdentifier } from '../../validation/identifier';
import { checkDeleteStreamOptions, checkReadStreamOptions } from '../../validation/store-options';
import { checkSetCheckpointOptions, checkSnapshot } from '../../validation/subscriber-input';
import { defineTopic } from '../conformance-case';
import { drain, readAll, readStream } from '../support/collect';
import { describeError } from '../support/expect-error';
import { hostileAnything, hostileJson, hostileString, isCodedRefusal, validIdentifier, validJson } from '../support/hostile-values';
import { fastCheck } from '../support/optional-peers';
import { uniqueSuffix } from '../support/sample-events';

// Generated hostile input, thrown at every entry point of the contract: each call either succeeds
// or is refused with a Factum error of a code the contract names for it, never a TypeError, a
// RangeError or a raw database error; nothing refused is stored, and the log reads back whole.

/** Input a caller could pass from plain JavaScript; the casts are the point. */
const loose = <T>(value: unknown): T => value as T;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

async function attempt(action: () => unknown): Promise<Outcome> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * A refusal must carry one of `codes`; a success must be for input the shared rules accept
 * (`validate` throws for input they refuse): a store that keeps what another store would refuse
 * lets a user's tests pass on it and their production fail.
 */
function assertOutcome(outcome: Outcome, codes: readonly string[], what: string, validate: () => unknown): void {
  if (!outcome.ok) {
    assert.ok(isCodedRefusal(outcome.error, codes), `${what}: expected a refusal with code ${codes.join(' or ')}, got ${describeError(outcome.error)}`);
    return;
  }
  const refusal = attemptSync(validate);
  assert.equal(refusal, null, `${what} succeeded, but the contract refuses its input: ${String(refusal)}`);
}

function attemptSync(action: () => unknown): string | null {
  try {
    action();
    return null;
  } catch (error) {
    return describeError(error);
  }
}

/** What the model expects the store to hold: events per stream, and which streams are deleted. */
interface Model {
  streams: Map<string, Array<{ eventId: string; type: string; data: unknown }>>;
  deleted: Set<string>;
  total: number;
}

/** The whole global log: read once per case, since on a shared server a read of it may wait for other sessions. */
async function assertLogIsWhole(store: EventStore, model: Model): Promise<void> {
  const log = await readAll(store);
  assert.equal(log.length, model.total, `the log holds ${log.length} events, the successful appends made ${model.total}`);
  const appended = new Set([...model.streams.values()].flatMap((events) => events.map((event) => event.eventId)));
  assert.ok(
    log.every((event) => appended.has(event.eventId)),
    'the log holds only events of successful appends',
  );
}

async function assertStreamsAreWhole(store: EventStore, model: Model, touched: ReadonlySet<string>): Promise<void> {
  // Only the streams this run touched: the others were checked by earlier runs and have not changed.
  for (const streamId of touched) {
    const expected = model.streams.get(streamId);
    if (!expected) continue;
    if (model.deleted.has(streamId)) {
      const outcome = await attempt(() => drain(store.readStream(streamId)));
      assert.ok(!outcome.ok && isCodedRefusal(outcome.error, ['STREAM_DELETED']), `the deleted stream '${streamId}' must refuse reads`);
      continue;
    }
    const read = await readStream(store, streamId);
    assert.deepEqual(
      read.map((event) => ({ eventId: event.eventId, type: event.type, data: event.data })),
      expected,
      `stream '${streamId}' must read back exactly what was appended to it`,
    );
  }
}

function eventStoreOperation(fc: ReturnType<typeof fastCheck>, streams: () => readonly string[]) {
  const streamId = fc.oneof(
    { weight: 8, arbitrary: fc.nat({ max: 2 }).map((index) => streams()[index]!) },
    { weight: 1, arbitrary: validIdentifier(fc) },
    { weight: 1, arbitrary: hostileString(fc) },
    { weight: 1, arbitrary: hostileAnything(fc) },
  );
  const validEvent = fc.record(
    {
      type: validIdentifier(fc),
      data: validJson(fc),
      eventId: fc.oneof(fc.uuid(), validIdentifier(fc)),
      schemaVersion: fc.integer({ min: 1, max: 2_147_483_647 }),
      causationId: validIdentifier(fc),
      correlationId: validIdentifier(fc),
      metadata: fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 8 }), validJson(fc), { maxKeys: 3 }),
    },
    { requiredKeys: ['type', 'data'] },
  );
  // One hostile field in an otherwise valid event: the refusal must come from that field alone.
  const oneBadField = fc
    .tuple(
      validEvent,
      fc.constantFrom('type', 'data', 'eventId', 'schemaVersion', 'causationId', 'correlationId', 'metadata'),
      fc.oneof(hostileJson(fc), hostileString(fc)),
    )
    .map(([event, field, value]) => ({ ...event, [field]: value }));
  const event = fc.oneof({ weight: 10, arbitrary: validEvent }, { weight: 2, arbitrary: oneBadField }, { weight: 1, arbitrary: hostileAnything(fc) });
  const events = fc.oneof({ weight: 10, arbitrary: fc.array(event, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: hostileAnything(fc) });
  const options = fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    {
      weight: 2,
      arbitrary: fc.record({
        expectedVersion: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom<unknown>('any', 'no-stream', 'exists', 0, 1, 2) },
          { weight: 1, arbitrary: hostileAnything(fc) },
        ),
      }),
    },
    { weight: 1, arbitrary: hostileAnything(fc) },
  );
  const readOptions = fc.record(
    {
      direction: fc.oneof(fc.constantFrom('forward', 'backward'), hostileAnything(fc)),
      fromVersion: fc.oneof(fc.nat({ max: 5 }), hostileAnything(fc)),
      limit: fc.oneof(fc.nat({ max: 5 }), hostileAnything(fc)),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('append' as const), streamId, events, options }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('readStream' as const), streamId, options: fc.oneof(readOptions, hostileAnything(fc)) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('streamVersion' as const), streamId }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('deleteStream' as const),
        streamId,
        options: fc.oneof(fc.record({ reason: fc.oneof(hostileString(fc), hostileAnything(fc)) }), hostileAnything(fc)),
      }),
    },
  );
}

export const hostileInputCases = defineTopic('bad-input', [
  {
    slug: 'generated-hostile-calls-are-refused-cleanly',
    name: 'generated hostile stream ids, events, data, metadata and options: every call succeeds or is refused with a Factum error code, and the log reads back whole (property)',
    async run({ store, propertyRuns }) {
      const fc = fastCheck();
      const model: Model = { streams: new Map(), deleted: new Set(), total: 0 };
      let streams: string[] = [];
      const operation = eventStoreOperation(fc, () => streams);
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
          const suffix = uniqueSuffix();
          streams = [`hostile${suffix}-1`, `hostile${suffix}-2`, `hostile${suffix}-漢字-😀`];
          for (const op of operations) {
            const what = `${op.kind}(${describeArgument(op.streamId)}, …)`;
            switch (op.kind) {
              case 'append': {
                const outcome = await attempt(() => store.append(loose<string>(op.streamId), loose<[]>(op.events), loose<undefined>(op.options)));
                assertOutcome(outcome, ['INVALID_INPUT', 'WRONG_EXPECTED_VERSION', 'DUPLICATE_EVENT', 'STREAM_DELETED'], what, () =>
                  validateAppend(op.streamId, op.events, loose<undefined>(op.options)),
                );
                if (outcome.ok) {
                  const appended = (outcome.value as { events: Array<{ eventId: string; type: string; data: unknown }> }).events;
                  const kept = model.streams.get(op.streamId as string) ?? [];
                  kept.push(...appended.map(({ eventId, type, data }) => ({ eventId, type, data })));
                  model.streams.set(op.streamId as string, kept);
                  model.total += appended.length;
                }
                break;
              }
              case 'readStream':
                assertOutcome(
                  await attempt(() => drain(store.readStream(loose<string>(op.streamId), loose<undefined>(op.options)))),
                  ['INVALID_INPUT', 'STREAM_DELETED'],
                  what,
                  () => {
                    checkIdentifier(op.streamId, 'streamId');
                    checkReadStreamOptions(op.options);
                  },
                );
                break;
              case 'streamVersion':
                assertOutcome(await attempt(() => store.streamVersion(loose<string>(op.streamId))), ['INVALID_INPUT', 'STREAM_DELETED'], what, () =>
                  checkIdentifier(op.streamId, 'streamId'),
                );
                break;
              case 'deleteStream': {
                const outcome = await attempt(() => store.deleteStream(loose<string>(op.streamId), loose<undefined>(op.options)));
                assertOutcome(outcome, ['INVALID_INPUT', 'STREAM_NOT_FOUND'], what, () => {
                  checkIdentifier(op.streamId, 'streamId');
                  checkDeleteStreamOptions(op.options);
                });
                if (outcome.ok) model.deleted.add(op.streamId as string);
                break;
              }
            }
          }
          await assertStreamsAreWhole(store, model, new Set(operations.map((op) => op.streamId).filter((id): id is string => typeof id === 'string')));
        }),
        { numRuns: propertyRuns },
      );
      await assertLogIsWhole(store, model);
    },
  },
]);

/** Checkpoint and snapshot cases sit in their own topics: a fixture without those stores skips them by topic. */
export const hostileCheckpointCases = defineTopic('checkpoints', [
  {
    slug: 'generated-hostile-input-is-refused-cleanly',
    name: 'generated hostile checkpoint names, positions and options: every call succeeds or is refused with INVALID_INPUT or CHECKPOINT_CONFLICT, and what was set reads back (property)',
    requires: 'checkpoints',
    async run({ store, checkpoints, propertyRuns }) {
      const fc = fastCheck();
      const target = checkpoints as CheckpointStore;
      const { position } = await store.append('checkpointed-1', [{ type: 'Valid', data: 1 }]);
      const kept = new Map<string, GlobalPosition>();
      const name = fc.oneof(
        { weight: 3, arbitrary: validIdentifier(fc) },
        { weight: 2, arbitrary: hostileString(fc) },
        { weight: 1, arbitrary: hostileAnything(fc) },
      );
      const operation = fc.oneof(
        fc.record({
          kind: fc.constant('set' as const),
          name,
          position: fc.oneof(
            { weight: 3, arbitrary: fc.constant(position) },
            { weight: 1, arbitrary: validIdentifier(fc) },
            { weight: 1, arbitrary: hostileString(fc) },
            { weight: 1, arbitrary: hostileAnything(fc) },
          ),
          options: fc.oneof(
            fc.constant(undefined),
            fc.record({ expected: fc.oneof(fc.constant(null), fc.constant(position), hostileAnything(fc)) }),
            hostileAnything(fc),
          ),
        }),
        fc.record({ kind: fc.constantFrom('get' as const, 'delete' as const), name }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 10 }), async (operations) => {
          for (const op of operations) {
            const what = `checkpoints.${op.kind}(${describeArgument(op.name)}, …)`;
            if (op.kind === 'set') {
              const outcome = await attempt(() => target.set(loose<string>(op.name), loose<GlobalPosition>(op.position), loose<undefined>(op.options)));
              assertOutcome(outcome, ['INVALID_INPUT', 'CHECKPOINT_CONFLICT'], what, () => {
                checkIdentifier(op.name, 'checkpoint name');
                checkIdentifier(op.position, 'checkpoint position');
                checkSetCheckpointOptions(op.options);
              });
              if (outcome.ok) kept.set(op.name as string, op.position as GlobalPosition);
            } else if (op.kind === 'get') {
              const outcome = await attempt(() => target.get(loose<string>(op.name)));
              assertOutcome(outcome, ['INVALID_INPUT'], what, () => checkIdentifier(op.name, 'checkpoint name'));
              if (outcome.ok) assert.equal(outcome.value, kept.get(op.name as string) ?? null, `${what} must return what was set`);
            } else {
              const outcome = await attempt(() => target.delete(loose<string>(op.name)));
              assertOutcome(outcome, ['INVALID_INPUT'], what, () => checkIdentifier(op.name, 'checkpoint name'));
              if (outcome.ok) kept.delete(op.name as string);
            }
          }
          const listed = new Map((await target.list()).map((record) => [record.name, record.position]));
          assert.deepEqual(listed, kept, 'list() holds exactly the checkpoints that were set and not deleted');
        }),
        { numRuns: propertyRuns },
      );
    },
  },
]);

export const hostileSnapshotCases = defineTopic('snapshots', [
  {
    slug: 'generated-hostile-input-is-refused-cleanly',
    name: 'generated hostile snapshots (ids, versions, states, dates): every save succeeds or is refused with INVALID_INPUT, and the kept snapshot loads back (property)',
    requires: 'snapshots',
    async run({ snapshots, propertyRuns }) {
      const fc = fastCheck();
      const target = snapshots as SnapshotStore;
      const kept = new Map<string, { version: number; state: unknown }>();
      const streamId = fc.oneof(
        { weight: 3, arbitrary: validIdentifier(fc) },
        { weight: 2, arbitrary: hostileString(fc) },
        { weight: 1, arbitrary: hostileAnything(fc) },
      );
      const snapshot = fc.oneof(
        {
          weight: 5,
          arbitrary: fc.record({
            streamId,
            version: fc.oneof({ weight: 4, arbitrary: fc.nat({ max: 5 }) }, { weight: 1, arbitrary: hostileAnything(fc) }),
            schemaVersion: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 2_147_483_647 }) }, { weight: 1, arbitrary: hostileAnything(fc) }),
            state: fc.oneof({ weight: 2, arbitrary: validJson(fc) }, { weight: 1, arbitrary: hostileJson(fc) }),
            takenAt: fc.oneof(
              { weight: 4, arbitrary: fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }) },
              { weight: 1, arbitrary: hostileAnything(fc) },
            ),
          }),
        },
        { weight: 1, arbitrary: hostileAnything(fc) },
      );
      const operation = fc.oneof(
        { weight: 3, arbitrary: fc.record({ kind: fc.constant('save' as const), snapshot }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('load' as const, 'delete' as const), streamId }) },
      );
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 8 }), async (operations) => {
          for (const op of operations) {
            if (op.kind === 'save') {
              const outcome = await attempt(() => target.save(loose<Snapshot>(op.snapshot)));
              assertOutcome(outcome, ['INVALID_INPUT'], `snapshots.save(${describeArgument(op.snapshot)})`, () => checkSnapshot(op.snapshot));
              if (!outcome.ok) continue;
              const saved = checkSnapshot(op.snapshot);
              const previous = kept.get(saved.streamId);
              if (!previous || previous.version <= saved.version) kept.set(saved.streamId, { version: saved.version, state: saved.state });
              continue;
            }
            const what = `snapshots.${op.kind}(${describeArgument(op.streamId)})`;
            const outcome = await attempt(() => (op.kind === 'load' ? target.load(loose<string>(op.streamId)) : target.delete(loose<string>(op.streamId))));
            assertOutcome(outcome, ['INVALID_INPUT'], what, () => checkIdentifier(op.streamId, 'streamId'));
            if (!outcome.ok) continue;
            if (op.kind === 'delete') kept.delete(op.streamId as string);
            else {
              const loaded = outcome.value as Snapshot | null;
              const expected = kept.get(op.streamId as string);
              assert.deepEqual(loaded && { version: loaded.version, state: loaded.state }, expected ?? null, `${what} must return the kept snapshot`);
            }
          }
        }),
        { numRuns: propertyRuns },
      );
    },
  },
]);

/** A short description of a generated argument for assertion messages (some are 5,000 levels deep). */
function describeArgument(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'symbol' || typeof value === 'bigint' || typeof value === 'function') return typeof value;
  if (typeof value !== 'object' || value === null) return String(value);
  return Array.isArray(value) ? `array(${value.length})` : `object{${Object.keys(value).slice(0, 4).join(',')}}`;
}
