import assert from 'node:assert/strict';
import type { AppendResult } from '../../contract/append';
import type { EventStore } from '../../contract/event-store';
import type { NewEvent } from '../../contract/events';
import { defineTopic } from '../conformance-case';
import { readAll, readStream } from '../support/collect';
import { expectError } from '../support/expect-error';
import { comparable, ids, sampleEvents } from '../support/sample-events';

// `appendImmediately` is optional: on a store without it these cases have nothing to check.

/** Calls `appendImmediately`, which must answer before it returns: never a promise. */
function immediately(
  store: EventStore,
  streamId: string,
  events: readonly NewEvent[],
  options?: Parameters<EventStore['append']>[2],
): AppendResult | undefined {
  const result: unknown = store.appendImmediately!(streamId, events, options);
  if (result instanceof Promise) {
    // Its outcome is not this case's to report: only that it came as a promise.
    result.catch(() => undefined);
    assert.fail('appendImmediately must return the result itself (or throw), not a promise');
  }
  return result as AppendResult | undefined;
}

/** `appendImmediately`, where a store offers it, keeps every promise of `append`. */
export const appendImmediatelyCases = defineTopic('append-immediately', [
  {
    slug: 'appends-as-append-does',
    name: 'appendImmediately stores and returns what append would, in one global log with append',
    async run({ store }) {
      if (!store.appendImmediately) return;
      await store.append('account-1', sampleEvents(2, 'Opened'));
      const events = sampleEvents(3, 'Deposited');
      const result = immediately(store, 'account-1', events, { expectedVersion: 2 });
      if (result === undefined) return; // declined: the caller would call append
      assert.equal(result.version, 5);
      assert.deepEqual(ids(result.events), ids(events));
      assert.equal(result.position, result.events[2]!.position);
      const stored = await readStream(store, 'account-1', { fromVersion: 3 });
      assert.deepEqual(stored.map(comparable), result.events.map(comparable), 'a read gives back exactly what appendImmediately returned');
      await store.append('account-2', sampleEvents(1));
      const log = await readAll(store);
      assert.deepEqual(
        log.map((event) => `${event.streamId}@${event.version}`),
        ['account-1@1', 'account-1@2', 'account-1@3', 'account-1@4', 'account-1@5', 'account-2@1'],
      );
    },
  },
  {
    slug: 'refuses-by-throwing-and-stores-nothing',
    name: 'appendImmediately throws what append rejects with (a conflict, a duplicate id, bad input), at once, and stores nothing',
    async run({ store }) {
      if (!store.appendImmediately) return;
      const [first] = sampleEvents(1);
      await store.append('account-1', [first!]);
      const before = await store.headPosition();
      // `immediately` fails on a promise, so what expectError catches was thrown at once.
      await expectError(() => immediately(store, 'account-1', sampleEvents(1), { expectedVersion: 0 }), 'WRONG_EXPECTED_VERSION', 'a conflict');
      await expectError(() => immediately(store, 'account-2', [{ ...first! }]), 'DUPLICATE_EVENT', 'a stored event id');
      await expectError(() => immediately(store, 'account-1', [{ type: '', data: 1 }]), 'INVALID_INPUT', 'an empty type');
      assert.equal(await store.headPosition(), before, 'a refused appendImmediately must store nothing');
      assert.equal(await store.streamVersion('account-1'), 1);
    },
  },
]);
