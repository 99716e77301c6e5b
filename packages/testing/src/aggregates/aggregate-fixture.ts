import { createApp, type AggregateClass, type AggregateRoot, type App, type AppOptions, type Command, type Event } from '@factum/core';
import { InMemoryEventStore, type RecordedEvent } from '@factum/event-store';
import { isDeepStrictEqual } from 'node:util';
import { asJson, describeError, describeMessages, sameMessages } from '../expectations/describe-messages';
import { ExpectationError } from '../expectations/expectation-error';
import { toNewEvents } from '../expectations/to-new-events';

export interface AggregateFixtureOptions {
  /** The container to resolve the aggregate from, for aggregates with injected services. */
  container?: AppOptions['container'];
}

/** What the command did: the events it appended, or the error it was rejected with. */
export interface AggregateOutcome<A extends AggregateRoot> {
  streamId: string | null;
  events: RecordedEvent[];
  error: unknown;
  /** The aggregate after the command (after the given events when it was rejected); null for an empty stream. */
  state: A | null;
}

export interface AggregateScenario<A extends AggregateRoot> {
  /** The command appended exactly these events, in this order (type and data); none when called without any. */
  expectEvents(...events: Event[]): Promise<void>;
  /** The command was rejected with an error of this code (a `DomainError`'s, or any `FactumError`'s). */
  expectError(code: string): Promise<void>;
  /** The aggregate afterwards has these field values, or passes your assertions. */
  expectState(expected: Partial<A> | ((state: A) => void)): Promise<void>;
  /** The raw outcome, for assertions of your own. */
  outcome(): Promise<AggregateOutcome<A>>;
}

export interface AggregateFixture<A extends AggregateRoot> {
  /** The aggregate's history: events already in the stream the command targets. */
  given(...events: Event[]): AggregateFixture<A>;
  when(command: Command): AggregateScenario<A>;
}

/**
 * Given/when/then for one aggregate, through a real app on an in-memory store: the given events
 * are written to the stream the command targets, the command is dispatched as in production
 * (validation, routing, loading, appending), and what it appended is compared.
 */
export function aggregateFixture<A extends AggregateRoot>(aggregate: AggregateClass<A>, options: AggregateFixtureOptions = {}): AggregateFixture<A> {
  const build = (history: readonly Event[]): AggregateFixture<A> => ({
    given: (...events) => build([...history, ...events]),
    when: (command) => scenario(aggregate, options, history, command),
  });
  return build([]);
}

function scenario<A extends AggregateRoot>(
  aggregate: AggregateClass<A>,
  options: AggregateFixtureOptions,
  given: readonly Event[],
  command: Command,
): AggregateScenario<A> {
  let run: Promise<AggregateOutcome<A>> | undefined;
  const outcome = (): Promise<AggregateOutcome<A>> => (run ??= execute(aggregate, options, given, command));
  const givenText = `Given:\n${describeMessages(given)}\nWhen: ${command.type} ${JSON.stringify(command.data)}`;

  return {
    outcome,
    async expectEvents(...expected) {
      const { events, error } = await outcome();
      if (error !== undefined) {
        throw new ExpectationError(`${givenText}\nExpected events:\n${describeMessages(expected)}\nbut the command was rejected with ${describeError(error)}`);
      }
      if (!sameMessages(expected, events)) {
        throw new ExpectationError(`${givenText}\nExpected events:\n${describeMessages(expected)}\nActual events:\n${describeMessages(events)}`);
      }
    },
    async expectError(code) {
      const { events, error } = await outcome();
      if (error === undefined) {
        throw new ExpectationError(
          `${givenText}\nExpected the command to be rejected with ${code}, but it succeeded and appended:\n${describeMessages(events)}`,
        );
      }
      if ((error as { code?: unknown }).code !== code) {
        throw new ExpectationError(`${givenText}\nExpected the command to be rejected with ${code}, but it was rejected with ${describeError(error)}`);
      }
    },
    async expectState(expected) {
      const { state, error } = await outcome();
      if (state === null) {
        const why = error === undefined ? '' : ` (the command was rejected with ${describeError(error)})`;
        throw new ExpectationError(`${givenText}\nExpected a state, but the aggregate's stream is empty${why}.`);
      }
      if (typeof expected === 'function') {
        expected(state);
        return;
      }
      const fields = state as unknown as Record<string, unknown>;
      const wrong = Object.entries(expected as Record<string, unknown>).filter(([key, value]) => !isDeepStrictEqual(asJson(fields[key]), asJson(value)));
      if (wrong.length > 0) {
        const lines = wrong.map(([key, value]) => `  ${key}: expected ${JSON.stringify(value)}, actual ${JSON.stringify(fields[key])}`).join('\n');
        throw new ExpectationError(`${givenText}\nUnexpected state:\n${lines}`);
      }
    },
  };
}

async function execute<A extends AggregateRoot>(
  aggregate: AggregateClass<A>,
  options: AggregateFixtureOptions,
  given: readonly Event[],
  command: Command,
): Promise<AggregateOutcome<A>> {
  const store = new InMemoryEventStore();
  let streamId: string | null = null;
  // The target stream is known only once the command is routed: seed the history there, just
  // before the aggregate is loaded. No cache, so it is loaded from exactly these events.
  const app: App = await createApp({
    store,
    aggregates: [aggregate],
    ...(options.container ? { container: options.container } : {}),
    cache: false,
    middleware: [
      async (context, next) => {
        streamId = context.streamId;
        if (given.length > 0) await store.append(context.streamId, toNewEvents(app.messages, given), { expectedVersion: 'no-stream' });
        return next();
      },
    ],
  });
  let events: RecordedEvent[] = [];
  let error: unknown = undefined;
  try {
    events = (await app.dispatch(command)).events;
  } catch (caught) {
    error = caught;
  }
  const state = streamId === null ? null : await app.load(aggregate, idOf(streamId));
  return { streamId, events, error, state };
}

/** Stream ids are `<category>-<id>`, and a category has no '-'. */
function idOf(streamId: string): string {
  return streamId.slice(streamId.indexOf('-') + 1);
}
