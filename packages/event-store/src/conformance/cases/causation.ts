import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { causationTree, type CausationNode } from '../../contract/causation';
import type { EventStore } from '../../contract/event-store';
import type { NewEvent, RecordedEvent } from '../../contract/events';
import type { ReadCorrelatedOptions } from '../../contract/causation';
import { defineTopic } from '../conformance-case';
import { expectError } from '../support/expect-error';
import { collectAll, withMethod } from '../support/optional-methods';
import { ids } from '../support/sample-events';

const TOPIC = 'causation';

function correlated(store: EventStore, correlationId: string, options?: ReadCorrelatedOptions): Promise<RecordedEvent[]> {
  return collectAll(withMethod(store, 'readCorrelated', TOPIC).readCorrelated(correlationId, options));
}

function chain(store: EventStore, eventId: string): Promise<RecordedEvent[]> {
  return withMethod(store, 'readCausationChain', TOPIC).readCausationChain(eventId);
}

/** An event of a conversation, as Factum's dispatch writes it: caused by `cause`, correlated with `conversation`. */
function step(type: string, cause: string, conversation: string, commandId: string = randomUUID()): NewEvent {
  return { type, data: { type }, eventId: randomUUID(), causationId: cause, correlationId: conversation, metadata: { commandId, commandType: `Do${type}` } };
}

/**
 * A transfer as a process manager runs it, interleaved with a second conversation and with
 * uncorrelated events: request → requested → withdrawn → deposited → completed, and a side
 * effect of `requested` (an audit entry) on a stream of its own.
 */
async function appendTransfer(store: EventStore, conversation: string): Promise<Record<string, RecordedEvent>> {
  const appended: Record<string, RecordedEvent> = {};
  const add = async (streamId: string, event: NewEvent): Promise<RecordedEvent> => (appended[event.type] = (await store.append(streamId, [event])).events[0]!);
  const requested = await add(`transfer-${conversation}`, step('Requested', conversation, conversation, conversation));
  await store.append('noise-1', [{ type: 'Noise', data: null }]);
  const withdrawn = await add(`account-a-${conversation}`, step('Withdrawn', requested.eventId, conversation));
  await add(`audit-${conversation}`, step('Audited', requested.eventId, conversation));
  await store.append('noise-1', [{ type: 'Noise', data: null, correlationId: `${conversation}-other`, causationId: withdrawn.eventId }]);
  const deposited = await add(`account-b-${conversation}`, step('Deposited', withdrawn.eventId, conversation));
  await add(`transfer-${conversation}`, step('Completed', deposited.eventId, conversation));
  return appended;
}

const shape = (node: CausationNode): unknown => [node.event?.type ?? node.id, ...node.effects.map(shape)];

/** The causation model: conversations by correlation id, chains of causes by causation id, from the log alone. */
export const causationCases = defineTopic(TOPIC, [
  {
    slug: 'a-conversation-reads-in-log-order',
    name: 'readCorrelated returns exactly the events of one correlation id, in log order, and pages with after and limit',
    async run({ store }) {
      const first = await appendTransfer(store, 'conversation-1');
      const second = await appendTransfer(store, 'conversation-2');
      const expected = ['Requested', 'Withdrawn', 'Audited', 'Deposited', 'Completed'];
      assert.deepEqual(ids(await correlated(store, 'conversation-1')), ids(expected.map((type) => first[type]!)));
      assert.deepEqual(ids(await correlated(store, 'conversation-2')), ids(expected.map((type) => second[type]!)));
      assert.deepEqual(await correlated(store, 'conversation-3'), []);
      const pages: RecordedEvent[] = [];
      for (let page = await correlated(store, 'conversation-2', { limit: 2 }); page.length > 0;) {
        pages.push(...page);
        page = await correlated(store, 'conversation-2', { after: page[page.length - 1]!.position, limit: 2 });
      }
      assert.deepEqual(ids(pages), ids(expected.map((type) => second[type]!)), 'pages of 2');
      const all = await collectAll(store.readAll());
      assert.deepEqual(
        (await correlated(store, 'conversation-1')).map((event) => event.position),
        all.filter((event) => event.correlationId === 'conversation-1').map((event) => event.position),
        'the same events and positions as the global log',
      );
    },
  },
  {
    slug: 'a-causation-chain-walks-back-to-the-first-event',
    name: 'readCausationChain returns the causes of an event, first cause first and the event last; the first names what started it',
    async run({ store }) {
      const transfer = await appendTransfer(store, 'conversation-1');
      await appendTransfer(store, 'conversation-2');
      const walked = await chain(store, transfer['Completed']!.eventId);
      assert.deepEqual(
        walked.map((event) => event.type),
        ['Requested', 'Withdrawn', 'Deposited', 'Completed'],
      );
      assert.deepEqual(ids(walked), ids(['Requested', 'Withdrawn', 'Deposited', 'Completed'].map((type) => transfer[type]!)));
      assert.equal(walked[0]!.causationId, 'conversation-1', 'the first event names the command that started it');
      assert.deepEqual(walked[3], transfer['Completed'], 'the events are whole');
      assert.deepEqual(ids(await chain(store, transfer['Audited']!.eventId)), ids([transfer['Requested']!, transfer['Audited']!]));
      assert.deepEqual(ids(await chain(store, transfer['Requested']!.eventId)), ids([transfer['Requested']!]));
      assert.deepEqual(await chain(store, 'no-such-event'), []);
    },
  },
  {
    slug: 'a-chain-ends-at-a-loop-or-a-missing-cause',
    name: 'a chain ends where causation ids loop back or name no event, and never repeats an event',
    async run({ store }) {
      const [a, b] = [randomUUID(), randomUUID()];
      await store.append('loop-1', [{ type: 'A', data: null, eventId: a, causationId: b }]);
      await store.append('loop-2', [{ type: 'B', data: null, eventId: b, causationId: a }]);
      assert.deepEqual(ids(await chain(store, b)), [a, b]);
      assert.deepEqual(ids(await chain(store, a)), [b, a]);
      const self = randomUUID();
      await store.append('loop-3', [{ type: 'Self', data: null, eventId: self, causationId: self }]);
      assert.deepEqual(ids(await chain(store, self)), [self]);
      const orphan = (await store.append('orphan-1', [{ type: 'O', data: null, causationId: 'gone' }])).events[0]!;
      assert.deepEqual(ids(await chain(store, orphan.eventId)), [orphan.eventId]);
      const uncaused = (await store.append('orphan-2', [{ type: 'U', data: null }])).events[0]!;
      assert.deepEqual(ids(await chain(store, uncaused.eventId)), [uncaused.eventId]);
    },
  },
  {
    slug: 'a-conversation-forms-the-tree-of-effects',
    name: 'the events of a conversation form the tree of effects of the command that started it (causationTree)',
    async run({ store }) {
      const transfer = await appendTransfer(store, 'conversation-1');
      const tree = causationTree(await correlated(store, 'conversation-1'), 'conversation-1');
      assert.deepEqual(shape(tree), ['conversation-1', ['Requested', ['Withdrawn', ['Deposited', ['Completed']]], ['Audited']]]);
      const below = causationTree(await correlated(store, 'conversation-1'), transfer['Withdrawn']!.eventId);
      assert.deepEqual(shape(below), ['Withdrawn', ['Deposited', ['Completed']]]);
    },
  },
  {
    slug: 'bad-arguments-are-refused',
    name: 'readCorrelated and readCausationChain refuse bad arguments with InvalidInputError',
    async run({ store }) {
      await appendTransfer(store, 'conversation-1');
      for (const id of ['', ' conversation-1', 7, null]) {
        await expectError(() => correlated(store, id as string), 'INVALID_INPUT', `readCorrelated(${JSON.stringify(id)})`);
        await expectError(() => chain(store, id as string), 'INVALID_INPUT', `readCausationChain(${JSON.stringify(id)})`);
      }
      await expectError(() => correlated(store, 'conversation-1', { limit: -1 }), 'INVALID_INPUT', 'a negative limit');
      await expectError(() => correlated(store, 'conversation-1', { after: 'not a position' as never }), 'INVALID_INPUT', 'a malformed position');
      await expectError(() => correlated(store, 'conversation-1', 'x' as never), 'INVALID_INPUT', 'options that are not an object');
    },
  },
]);
