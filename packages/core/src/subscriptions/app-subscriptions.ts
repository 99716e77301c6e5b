import {
  InMemorySubscriberStore,
  type DeadLetter,
  type EventStore,
  type SubscriberOperation,
  type GlobalPosition,
  type SubscriberLocks,
  type SubscriberStore,
} from '@factum/event-store';
import type { Container, Newable } from 'inversify';
import type { Observable } from 'rxjs';
import type { AppComponent } from '../app/lifecycle';
import type { DispatchOptions, DispatchResult } from '../commands/dispatch-options';
import { ConfigurationError } from '../errors/configuration-error';
import type { Logger } from '../logging/logger';
import type { Command } from '../messages/message';
import type { MessageRegistry } from '../messages/message-registry';
import { processManagerSpec } from '../process-managers/process-manager-spec';
import { integrationPublisherSpecOf } from '../integration/integration-publisher-registration';
import { replayProjector, type ReplayOptions } from '../projections/projector-replay';
import { projectorSpec } from '../projections/projector-spec';
import type { DeadLetterRetryReport } from './operations/dead-letter-retry';
import type { SubscriptionSettings } from './runner-settings';
import type { SubscriberClass } from './subscriber-class';
import { subscriberModelOf, type SubscriberModel } from './subscriber-model';
import type { ReadModelStorage } from './subscriber-options';
import { checkPartitions, partitionSpec } from './subscriber-partitions';
import type { SubscriberSpec } from './subscriber-spec';
import type { RebuildProgress, RebuildReport, SubscriberError, SubscriberKind, SubscriberStatus } from './subscriber-status';
import type { ConsistencyOptions } from './consistency-options';
import { SubscriptionRuntime } from './subscription-runtime';

/** `createApp({ subscriptions })`: where subscribers keep their state, and how they run. */
export interface SubscriptionsOptions extends SubscriptionSettings {
  /**
   * Checkpoints, process-manager state and dead letters. In memory by default; pass
   * `PostgresSubscriberStore` to keep them in the database, with transactional projectors.
   */
  store?: SubscriberStore;
  /**
   * Which process runs each subscriber when several share a database (`PostgresSubscriberLocks`).
   * By default this process runs them all.
   */
  locks?: SubscriberLocks;
  /** How long `dispatch(cmd, { consistency: 'strong' })` waits by default. Default 5,000 ms. */
  consistencyTimeoutMs?: number;
}

/** `app.projections`. */
export interface Projections {
  /**
   * Resets the projector (its `reset` hook and its checkpoint) and replays the log into it;
   * resolves when it has caught up with the head as of the call. Process managers and other
   * subscribers are untouched. When another process runs the projector, that process performs
   * the rebuild and `onProgress` follows it through the store; `OperationTimeoutError` when no
   * process takes the request within `subscriptions.operationTimeoutMs`.
   */
  rebuild(name: string, options?: { onProgress?: (progress: RebuildProgress) => void }): Promise<RebuildReport>;
  /** The status of every projector. */
  status(): Promise<SubscriberStatus[]>;
  /**
   * A new instance of a projector, folded over the log up to a position or a moment and
   * returned: "the poll after the first 100 votes", "the stats as of 1 January". The running
   * projector, its checkpoint and its read model are untouched; the class need not be one of
   * the app's projectors. Its read model must be in memory (`readModel: 'memory'`); a handler
   * failure rejects the replay with that error.
   */
  replay<P extends object>(projector: SubscriberClass<P>, options: ReplayOptions): Promise<P>;
}

/** `app.subscribers`: every projector, event handler and process manager. */
export interface Subscribers {
  status(): Promise<SubscriberStatus[]>;
  /** Every failure of every subscriber, with what was decided (retry, skip, stop, restart). */
  readonly errors$: Observable<SubscriberError>;
  /** Lets a stopped subscriber try its failing event again (asking the process that runs it, when that is another one). */
  restart(name: string): void;
  /** Events skipped by the `skip` policy, with their errors. */
  deadLetters(name?: string): Promise<DeadLetter[]>;
  /**
   * Hands a dead letter's event to its subscriber again, in the process that runs the subscriber
   * (this one or another); resolves once it was handled and the dead letter removed. For a
   * transactional projector both commit in one transaction: exactly once in effect. Rejects with
   * `DeadLetterNotFoundError`, `OperationFailedError` (the handler failed again; the dead letter
   * stays, with the new error) or `OperationTimeoutError` (no process runs the subscriber).
   */
  retryDeadLetter(name: string, eventId: string): Promise<void>;
  /** Retries every dead letter of the subscriber, oldest first; one failing again does not stop the others. */
  retryDeadLetters(name: string): Promise<DeadLetterRetryReport>;
  /** Drops a dead letter without handling its event; the skip is recorded, with the letter, in the operations log. */
  skipDeadLetter(name: string, eventId: string): Promise<void>;
  /** Operation requests (retries, skips, rebuilds) of one subscriber or all, newest first, with their outcome. */
  operations(name?: string): Promise<SubscriberOperation[]>;
  /**
   * Resolves once the named subscribers (default: all of them) have handled every event they
   * read up to `position`, e.g. the `position` of a dispatch, or `await store.headPosition()`
   * after adding a projector to an existing log. `null` (an empty log) resolves at once.
   * A subscriber run by another process is followed through its stored checkpoint.
   *
   * Rejects with `UnknownSubscriberError` for a name no subscriber has, `SubscriberStoppedError`
   * when one is stopped before reaching `position`, and `ConsistencyTimeoutError` after
   * `timeoutMs` (default: `subscriptions.consistencyTimeoutMs`, 5 s).
   */
  waitFor(position: GlobalPosition | null, options?: WaitForPositionOptions): Promise<void>;
}

/** `app.subscribers.waitFor(position, options)`. */
export interface WaitForPositionOptions {
  /** The subscribers to wait for, by name. Default: every projector, event handler and process manager. */
  subscribers?: readonly string[];
  timeoutMs?: number;
  /** Stops waiting (rejecting with the signal's reason) once aborted. */
  signal?: AbortSignal;
}

export interface AppSubscriptionsInput {
  store: EventStore;
  container: Container;
  messages: MessageRegistry;
  logger: Logger;
  projectors?: readonly SubscriberClass[];
  eventHandlers?: readonly SubscriberClass[];
  processManagers?: readonly SubscriberClass[];
  options?: SubscriptionsOptions;
  /** The app's dispatch, for process managers. */
  dispatch: (command: Command, options: DispatchOptions) => Promise<DispatchResult>;
}

const DEFAULT_CONSISTENCY_TIMEOUT_MS = 5_000;
const DEFAULT_REPLAY_BATCH = 500;

/**
 * The app's subscribers: checks the decorated classes when the app is built, resolves them from
 * the container, runs them while the app is started, and serves strong consistency.
 */
export class AppSubscriptions implements AppComponent {
  readonly name = 'subscribers';
  private readonly runtime: SubscriptionRuntime;
  private readonly consistencyTimeoutMs: number;
  readonly projections: Projections;
  readonly subscribers: Subscribers;

  constructor(input: AppSubscriptionsInput) {
    const options = input.options ?? {};
    this.consistencyTimeoutMs = options.consistencyTimeoutMs ?? DEFAULT_CONSISTENCY_TIMEOUT_MS;
    this.runtime = new SubscriptionRuntime({
      store: input.store,
      subscriberStore: options.store,
      locks: options.locks,
      logger: input.logger,
      settings: options,
    });
    const models = [
      ...modelsOf(input.projectors, 'projector'),
      ...modelsOf(input.eventHandlers, 'event-handler'),
      ...modelsOf(input.processManagers, 'process-manager'),
    ];
    const subscriberStore = this.runtime.subscriberStore;
    const seen = new Map<string, SubscriberModel>();
    for (const model of models) {
      const clash = seen.get(model.name);
      if (clash) {
        throw new ConfigurationError(
          clash.type === model.type
            ? `${model.type.name} is listed twice in createApp.`
            : `${clash.type.name} and ${model.type.name} are both named '${model.name}'; each subscriber needs its own name (its checkpoint is stored under it).`,
        );
      }
      seen.set(model.name, model);
      for (const handler of model.handlers.values()) input.messages.registerEvent(handler.definition);
      const transactional = (model.declaration.options as { transactional?: boolean }).transactional === true;
      if (transactional && !subscriberStore.supportsTransactions) {
        throw new ConfigurationError(
          `${model.type.name} is transactional, but the app's subscriber store has no transactions. ` +
            'Pass a store that has them, e.g. createApp({ subscriptions: { store: new PostgresSubscriberStore(client) } }), or drop transactional: true.',
        );
      }
      const readModel = readModelStorageOf(model, options.store);
      const partitions = checkPartitions(model.type.name, model.declaration.options as { partitions?: unknown; partitionBy?: unknown });
      if (partitions === 1) this.runtime.add(this.specOf(model, input, readModel === 'memory', null));
      // A spec per partition (process managers stage state per spec, publishers chain messages per spec): each runs on its own.
      else
        for (let index = 0; index < partitions; index++) {
          this.runtime.add(partitionSpec(this.specOf(model, input, readModel === 'memory', { index, count: partitions }), index, partitions));
        }
    }

    const runtime = this.runtime;
    const ofKind = async (kind: SubscriberKind) => (await runtime.status()).filter((status) => status.kind === kind);
    this.projections = {
      rebuild: (name, rebuildOptions) => {
        const model = seen.get(name);
        if (model && model.declaration.kind !== 'projector') {
          return Promise.reject(new ConfigurationError(`'${name}' is a ${model.declaration.kind.replace('-', ' ')}; only projectors are rebuilt.`));
        }
        try {
          return runtime.rebuild(name, rebuildOptions);
        } catch (error) {
          return Promise.reject(error);
        }
      },
      status: () => ofKind('projector'),
      replay: async (projector, replayOptions) =>
        replayProjector(projector, replayOptions, { store: input.store, container: input.container, batchSize: options.batchSize ?? DEFAULT_REPLAY_BATCH }),
    };
    this.subscribers = {
      status: () => runtime.status(),
      errors$: runtime.errors$,
      restart: (name) => runtime.restart(name),
      deadLetters: (name) => runtime.deadLetters(name),
      retryDeadLetter: (name, eventId) => runtime.retryDeadLetter(name, eventId),
      retryDeadLetters: (name) => runtime.retryDeadLetters(name),
      skipDeadLetter: (name, eventId) => runtime.skipDeadLetter(name, eventId),
      operations: (name) => runtime.operations(name),
      waitFor: async (position, waitOptions = {}) => {
        if (position === null) return;
        await runtime.waitForPosition(position, { ...waitOptions, timeoutMs: waitOptions.timeoutMs ?? this.consistencyTimeoutMs });
      },
    };
  }

  /** Resolves once every subscriber knows where it starts: an event appended afterwards is handled by all of them. */
  start(): Promise<void> {
    return this.runtime.start();
  }

  stop(): Promise<void> {
    return this.runtime.stop();
  }

  /**
   * Wraps dispatch: with `consistency` other than `'eventual'`, resolves only once the targeted
   * subscribers have handled the command's events.
   */
  async dispatch(
    dispatch: (command: Command, options: DispatchOptions) => Promise<DispatchResult>,
    command: Command,
    /** Checked by `checkDispatchOptions`: `consistency` is 'eventual', 'strong' or a list of names. */
    options: DispatchOptions & ConsistencyOptions,
  ): Promise<DispatchResult> {
    const consistency = options.consistency ?? 'eventual';
    if (consistency === 'eventual') return dispatch(command, options);
    // Checked before dispatching: afterwards, an error could no longer say "nothing was stored".
    this.runtime.checkTarget(consistency);
    if (!this.runtime.running) throw new ConfigurationError('A strongly consistent dispatch needs running subscribers: call app.start() first.');
    const result = await dispatch(command, options);
    await this.runtime.waitFor(result.events, { subscribers: consistency, timeoutMs: options.timeoutMs ?? this.consistencyTimeoutMs });
    return result;
  }

  private specOf(model: SubscriberModel, input: AppSubscriptionsInput, inProcess: boolean, partition: { index: number; count: number } | null): SubscriberSpec {
    const instance = resolve(input.container, model);
    const publisher = integrationPublisherSpecOf(model, instance, input.container, partition);
    if (publisher) return publisher;
    if (model.declaration.kind !== 'process-manager') return projectorSpec(model, instance, { inProcess });
    return processManagerSpec(model, instance, {
      processStates: this.runtime.subscriberStore.processStates,
      comparePositions: (a, b) => input.store.comparePositions(a, b),
      dispatch: input.dispatch,
    });
  }
}

/**
 * Where a projector's read model lives, from its declaration and the app's subscriber store;
 * `undefined` for other subscribers. The checkpoint must share the read model's fate: a
 * checkpoint that outlives a read model kept in memory would resume it, after a restart, with
 * nothing in it. So an undeclared storage is refused where it would be a guess.
 */
function readModelStorageOf(model: SubscriberModel, subscriberStore: SubscriberStore | undefined): ReadModelStorage | undefined {
  const options = model.declaration.options as { readModel?: unknown; transactional?: boolean };
  const className = model.type.name;
  if (model.declaration.kind !== 'projector') {
    if (options.readModel !== undefined) {
      throw new ConfigurationError(
        `${className} declares readModel, which is for projectors; ${model.declaration.kind.replace('-', ' ')}s have no read model.`,
      );
    }
    return undefined;
  }
  const declared = options.readModel;
  if (declared !== undefined && declared !== 'memory' && declared !== 'durable') {
    throw new ConfigurationError(`@Projector on ${className} has readModel: ${JSON.stringify(declared)}; use 'memory' or 'durable'.`);
  }
  if (options.transactional === true) {
    if (declared === 'memory') {
      throw new ConfigurationError(
        `${className} is transactional (its writes commit with its checkpoint in the database) but declares readModel: 'memory'. ` +
          'A transactional read model is durable: drop readModel, or drop transactional: true to keep it in memory.',
      );
    }
    return 'durable';
  }
  if (declared !== undefined) return declared;
  // Checkpoints in memory die with the process, as the read model does: nothing to decide.
  if (subscriberStore === undefined || subscriberStore instanceof InMemorySubscriberStore) return 'memory';
  throw new ConfigurationError(
    `${className} does not say where its read model lives, and the app keeps checkpoints in a durable subscriber store. ` +
      "Declare @Projector({ readModel: 'memory' }) for a read model in process memory: it is rebuilt from the origin at every start and never resumes from a stored checkpoint. " +
      "Declare readModel: 'durable' for one that outlives the process (it resumes from its checkpoint), or transactional: true for one written through ctx.tx.",
  );
}

function modelsOf(types: readonly SubscriberClass[] | undefined, kind: SubscriberKind): SubscriberModel[] {
  return (types ?? []).map((type) => subscriberModelOf(type, kind));
}

/** One instance per subscriber, from the container (bound as a singleton unless the user bound it). */
function resolve(container: Container, model: SubscriberModel): object {
  const type = model.type as unknown as Newable<object>;
  if (!container.isBound(type)) container.bind(type).toSelf().inSingletonScope();
  try {
    return container.get(type);
  } catch (error) {
    throw new ConfigurationError(`The container could not build ${model.type.name}: ${(error as Error).message}. Bind the services its constructor takes.`, {
      cause: error,
    });
  }
}
