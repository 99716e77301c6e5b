import { createApp, type AggregateClass, type App, type AppOptions, type Command, type DispatchResult, type Event, type SubscriberClass } from '@factum/core';
import { InMemoryEventStore, InMemorySubscriberStore, type JsonValue, type NewEvent } from '@factum/event-store';
import { isDeepStrictEqual } from 'node:util';
import { waitForIdle } from '../app/wait-for-idle';
import { asJson, describeError, describeMessages, sameMessages } from '../expectations/describe-messages';
import { ExpectationError } from '../expectations/expectation-error';
import { toNewEvents } from '../expectations/to-new-events';

/** A given event, optionally with its stream (default `fixture-1`) and its ids. */
export type ProcessGivenEvent = Event & Omit<NewEvent, 'type' | 'data' | 'schemaVersion'> & { streamId?: string };

export interface ProcessManagerFixtureOptions {
  /**
   * The aggregates that handle the commands the process manager dispatches. They are needed to
   * validate and route those commands; the commands are recorded, never executed.
   */
  aggregates: readonly AggregateClass[];
  /**
   * Answers each dispatched command in place of its aggregate: throw (a `DomainError`, say) to
   * make `ctx.dispatch` reject, and test the process manager's compensation. Default: accept.
   */
  onCommand?: (command: Command) => void | Promise<void>;
  container?: AppOptions['container'];
}

export interface ProcessOutcome {
  /** The commands dispatched while handling the `when` event, in order. */
  commands: Command[];
  /** Every live instance afterwards, by key; an ended instance is absent. */
  instances: Map<string, JsonValue>;
}

export interface ProcessScenario {
  /** Handling the event dispatched exactly these commands, in this order (type and data). */
  expectCommands(...commands: Command[]): Promise<void>;
  /**
   * The state of the instance afterwards equals `expected` (or passes your assertions). There
   * must be at most one instance; an ended (or never started) one has the state `undefined`.
   */
  expectState(expected: unknown): Promise<void>;
  /** The instance ended: no instance is left. */
  expectEnded(): Promise<void>;
  outcome(): Promise<ProcessOutcome>;
}

export interface ProcessManagerFixture {
  /** Events the process manager handled before (their commands are not part of the outcome). */
  given(...events: ProcessGivenEvent[]): ProcessManagerFixture;
  when(event: ProcessGivenEvent): ProcessScenario;
}

/** One conversation: without explicit ids, every event shares this correlation id (the default instance key). */
export const FIXTURE_CORRELATION_ID = 'fixture-conversation';
const DEFAULT_STREAM = 'fixture-1';

/**
 * Given/when/then for a process manager, run by the real subscription runtime (keys, instance
 * state, start/end, command ids) in an app on an in-memory store. A middleware records the
 * commands it dispatches and answers them without executing them.
 */
export function processManagerFixture(processManager: SubscriberClass, options: ProcessManagerFixtureOptions): ProcessManagerFixture {
  const build = (history: readonly ProcessGivenEvent[]): ProcessManagerFixture => ({
    given: (...events) => build([...history, ...events]),
    when: (event) => scenario(processManager, options, history, event),
  });
  return build([]);
}

function scenario(
  processManager: SubscriberClass,
  options: ProcessManagerFixtureOptions,
  given: readonly ProcessGivenEvent[],
  when: ProcessGivenEvent,
): ProcessScenario {
  let run: Promise<ProcessOutcome> | undefined;
  const outcome = (): Promise<ProcessOutcome> => (run ??= execute(processManager, options, given, when));
  const givenText = `Given:\n${describeMessages(given)}\nWhen: ${when.type} ${JSON.stringify(when.data)}`;
  const stateOf = async (): Promise<unknown> => {
    const { instances } = await outcome();
    if (instances.size > 1) {
      throw new ExpectationError(
        `${givenText}\nExpected one instance, but there are ${instances.size} (keys ${[...instances.keys()].join(', ')}); use outcome().instances.`,
      );
    }
    return [...instances.values()][0];
  };

  return {
    outcome,
    async expectCommands(...expected) {
      const { commands } = await outcome();
      if (!sameMessages(expected, commands)) {
        throw new ExpectationError(`${givenText}\nExpected commands:\n${describeMessages(expected)}\nActual commands:\n${describeMessages(commands)}`);
      }
    },
    async expectState(expected) {
      const state = await stateOf();
      if (typeof expected === 'function') {
        (expected as (state: unknown) => void)(state);
        return;
      }
      if (!isDeepStrictEqual(state, asJson(expected))) {
        throw new ExpectationError(`${givenText}\nExpected state: ${JSON.stringify(expected)}\nActual state:   ${JSON.stringify(state)}`);
      }
    },
    async expectEnded() {
      const { instances } = await outcome();
      if (instances.size > 0) {
        const states = [...instances].map(([key, state]) => `  ${key}: ${JSON.stringify(state)}`).join('\n');
        throw new ExpectationError(`${givenText}\nExpected the instance to have ended, but it is still running:\n${states}`);
      }
    },
  };
}

async function execute(
  processManager: SubscriberClass,
  options: ProcessManagerFixtureOptions,
  given: readonly ProcessGivenEvent[],
  when: ProcessGivenEvent,
): Promise<ProcessOutcome> {
  const store = new InMemoryEventStore();
  const subscriberStore = new InMemorySubscriberStore();
  let recording = false;
  const commands: Command[] = [];
  const app: App = await createApp({
    store,
    aggregates: options.aggregates,
    processManagers: [processManager],
    ...(options.container ? { container: options.container } : {}),
    // Instance state is saved with the checkpoint: write it after every event, so it is there to read.
    subscriptions: { store: subscriberStore, checkpointEvery: 1 },
    middleware: [
      async (context): Promise<DispatchResult> => {
        if (recording) commands.push(context.command);
        await options.onCommand?.(context.command);
        return { streamId: context.streamId, version: 0, position: null, events: [], commandId: context.commandId, alreadyHandled: false };
      },
    ],
  });
  // A handler failure is reported at its first attempt, rather than after the retries and backoff.
  let failure: unknown;
  const failed = new Promise<never>((_, reject) => {
    const subscription = app.subscribers.errors$.subscribe((error) => {
      subscription.unsubscribe();
      failure = error.error;
      reject(new ExpectationError(`The process manager failed on ${error.event?.type ?? 'an event'}: ${describeError(error.error)}`));
    });
  });
  failed.catch(() => undefined);

  const abort = new AbortController();
  const settle = async (): Promise<void> => {
    await Promise.race([waitForIdle(app, { signal: abort.signal }), failed]);
    await Promise.race([checkpointed(app, subscriberStore, abort.signal), failed]);
  };
  // Hot only: the process manager handles what is appended after it started.
  await app.start();
  try {
    for (const event of given) await append(app, store, event);
    await settle();
    recording = true;
    await append(app, store, when);
    await settle();
    if (failure !== undefined) throw failure;
    const name = (await app.subscribers.status())[0]!.name;
    const instances = new Map((await subscriberStore.processStates.list(name)).map((instance) => [instance.key, instance.state] as const));
    return { commands, instances };
  } finally {
    abort.abort();
    await app.stop();
  }
}

async function append(app: App, store: InMemoryEventStore, event: ProcessGivenEvent): Promise<void> {
  const { streamId = DEFAULT_STREAM, type, data, ...rest } = event;
  await store.append(streamId, toNewEvents(app.messages, [{ type, data }], { correlationId: FIXTURE_CORRELATION_ID, ...rest }));
}

/** Handled is not yet saved: wait until the checkpoint (and the instance state with it) is written. */
async function checkpointed(app: App, subscriberStore: InMemorySubscriberStore, signal: AbortSignal): Promise<void> {
  for (;;) {
    signal.throwIfAborted();
    const [status] = await app.subscribers.status();
    const saved = await subscriberStore.checkpoints.get(status!.name);
    if (status!.position === null || (saved !== null && app.store.comparePositions(saved, status!.position) >= 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
