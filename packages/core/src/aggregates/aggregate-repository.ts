import {
  DuplicateEventError,
  WrongExpectedVersionError,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type SnapshotStore,
} from '@factum/event-store';
import { deterministicId } from '../commands/deterministic-id';
import type { DispatchResult } from '../commands/dispatch-options';
import { ConcurrencyError } from '../errors/concurrency-error';
import type { CommandTelemetry } from '../telemetry/command-telemetry';
import type { Logger } from '../logging/logger';
import { AggregateLoader, type LoadAsOfOptions, type LoadedAggregate } from './aggregate-loader';
import type { AggregateModel } from './aggregate-model';
import { discardPending, setVersion, takePending, type AggregateRoot } from './aggregate-root';
import type { PendingEvent } from './aggregate-state';
import { captureSnapshot, type IsService } from './aggregate-snapshots';
import type { CommandSpan } from './command-window';
import { KeyedQueue } from './keyed-queue';
import { LruCache } from './lru-cache';

/** One command as the repository runs it: who it is, and the decision to run on the aggregate. */
export interface CommandExecution {
  readonly commandId: string;
  readonly commandType: string;
  readonly correlationId: string;
  /**
   * The `causationId` of every event the command appends: what caused the command (the event a
   * process manager reacted to), or the command's own id when nothing in the log did.
   */
  readonly causationId: string;
  /** Stored on every event the command appends. */
  readonly metadata: EventMetadata;
  /**
   * The caller chose the command id, so this may be a repeat of a command handled long ago. A
   * generated id (a random UUID) never comes again.
   */
  readonly mayRepeat: boolean;
  /** The dispatch's span and metrics: the append is traced inside it, retries are counted. */
  readonly telemetry: CommandTelemetry | undefined;
  /** Runs the command handler on the aggregate. */
  decide(aggregate: AggregateRoot): unknown;
}

export interface AggregateRepositoryOptions {
  store: EventStore;
  snapshots: SnapshotStore | undefined;
  create: (model: AggregateModel) => AggregateRoot;
  isService: IsService;
  logger: Logger;
  /** How many aggregates stay loaded in memory (0: none). */
  cacheSize: number;
  /** How many times a command is tried when its stream keeps moving under it. */
  maxAttempts: number;
  /** How many recent command ids per stream are kept to recognise a repeated command without reading. */
  idempotencyWindow: number;
}

/**
 * Loads aggregates, runs commands on them and appends what they emit, with optimistic
 * concurrency: the append expects the version the decision was made on; if another writer got
 * there first, the aggregate is reloaded and the command decided again. Loaded aggregates stay
 * in a bounded LRU cache; a cached aggregate is only trusted as far as the append's version check
 * (and, for a rejection, a version read) confirms it is current.
 */
export class AggregateRepository {
  private readonly loader: AggregateLoader;
  private readonly cache: LruCache<string, LoadedAggregate>;
  private readonly queue = new KeyedQueue();

  constructor(private readonly options: AggregateRepositoryOptions) {
    this.loader = new AggregateLoader({
      store: options.store,
      snapshots: options.snapshots,
      create: options.create,
      windowSize: options.idempotencyWindow,
    });
    this.cache = new LruCache(options.cacheSize);
  }

  /**
   * Runs a command on its aggregate, after any earlier command on the same stream in this process.
   *
   * The common case takes a short path: the stream is free here, its aggregate is cached, the
   * command id was generated (no earlier run to look for), there is no telemetry, and the handler
   * decides at once and emits. Then the handler runs right here and only the append is awaited,
   * in a small async function, instead of in the general path's large one (whose frame, some 40
   * registers, is allocated for every command and saved and restored around each await); on a
   * store that appends at once (`appendImmediately`), nothing is awaited at all. Any
   * other outcome hands the decision made so far to the general path, which goes on exactly as
   * if it had made it.
   */
  execute(model: AggregateModel, streamId: string, execution: CommandExecution): Promise<DispatchResult> {
    const turn = this.queue.enter(streamId);
    if (turn !== null || execution.mayRepeat || execution.telemetry !== undefined) return this.decideAndAppend(model, streamId, execution, turn, null);
    const loaded = this.cache.get(streamId);
    if (loaded === undefined) return this.decideAndAppend(model, streamId, execution, null, null);
    let outcome: unknown;
    try {
      outcome = execution.decide(loaded.aggregate);
    } catch (error) {
      return this.decideAndAppend(model, streamId, execution, null, { loaded, outcome: undefined, threw: true, error });
    }
    if (!isPromiseLike(outcome)) {
      const pending = takePending(loaded.aggregate);
      if (pending.length > 0) return this.appendDecided(model, streamId, execution, loaded, pending);
    }
    return this.decideAndAppend(model, streamId, execution, null, { loaded, outcome, threw: false, error: undefined });
  }

  /** A fresh, read-only instance, never cached: the current state, or as of a version or moment. */
  loadAsOf(model: AggregateModel, streamId: string, options: LoadAsOfOptions = {}): Promise<AggregateRoot | null> {
    return this.loader.loadAsOf(model, streamId, options);
  }

  /** Forgets every cached aggregate (they are reloaded on their next command). */
  clearCache(): void {
    this.cache.clear();
  }

  /**
   * The short path's append (see `execute`): the stream's turn is held and the handler has
   * emitted `pending` on the cached aggregate `loaded`. On a store that can append at once
   * (`appendImmediately`, the in-memory store) the command completes here, without an await;
   * otherwise, or when a snapshot is due, the append is awaited in `finishAppend`.
   */
  private appendDecided(
    model: AggregateModel,
    streamId: string,
    execution: CommandExecution,
    loaded: LoadedAggregate,
    pending: readonly PendingEvent[],
  ): Promise<DispatchResult> {
    const { store, snapshots } = this.options;
    const expectedVersion = loaded.aggregate.version;
    const events = newEvents(streamId, execution, pending);
    let appending: Promise<AppendResult>;
    try {
      const appended = store.appendImmediately?.(streamId, events, { expectedVersion });
      if (appended !== undefined && (model.snapshot === null || snapshots === undefined)) {
        // `loaded` came from the cache in this same synchronous run: it is there, the newest.
        this.recordAppend(streamId, execution, loaded, expectedVersion, appended, events.length, false);
        this.queue.leave(streamId);
        return Promise.resolve(appendedResult(streamId, execution, appended));
      }
      appending = appended !== undefined ? Promise.resolve(appended) : store.append(streamId, events, { expectedVersion });
    } catch (error) {
      // A refusal of `appendImmediately` (or a store's `append` that throws instead of rejecting)
      // goes on as a rejected append does.
      appending = Promise.reject(error);
    }
    return this.finishAppend(model, streamId, execution, loaded, expectedVersion, events.length, appending);
  }

  /**
   * The rest of the short path's append, awaited. A conflict goes on in the general path, from
   * its second attempt.
   */
  private async finishAppend(
    model: AggregateModel,
    streamId: string,
    execution: CommandExecution,
    loaded: LoadedAggregate,
    expectedVersion: number,
    count: number,
    appending: Promise<AppendResult>,
  ): Promise<DispatchResult> {
    let handedOver = false;
    try {
      let appended: AppendResult;
      try {
        appended = await appending;
      } catch (error) {
        const failed = await this.appendFailed(streamId, execution, 1, expectedVersion, error);
        if (!(failed instanceof WrongExpectedVersionError)) return failed;
        handedOver = true;
        return this.decideAndAppend(model, streamId, execution, null, null, 2, failed);
      }
      this.recordAppend(streamId, execution, loaded, expectedVersion, appended, count);
      if (this.snapshotDue(model, loaded)) await this.snapshot(model, streamId, loaded);
      return appendedResult(streamId, execution, appended);
    } finally {
      if (!handedOver) this.queue.leave(streamId);
    }
  }

  /**
   * After an append: the aggregate's version, the idempotency window and the cache (unless
   * `cache` is false: the caller knows the aggregate is the cache's newest entry already).
   */
  private recordAppend(
    streamId: string,
    execution: CommandExecution,
    loaded: LoadedAggregate,
    expectedVersion: number,
    appended: AppendResult,
    count: number,
    cache = true,
  ): void {
    setVersion(loaded.aggregate, appended.version);
    loaded.window.add(execution.commandId, expectedVersion + 1, appended.version);
    loaded.sinceSnapshot += count;
    if (cache) this.cache.set(streamId, loaded);
  }

  /**
   * Waits for the stream's turn (`turn`, when another holder had it), decides on the aggregate
   * and appends; decides again, on a fresh state, when the stream moved under it. `first` is the
   * first attempt's decision when the short path made it (the turn is held then), and a conflict
   * of the short path's append comes in as `firstAttempt` 2 with that `conflict`.
   */
  private async decideAndAppend(
    model: AggregateModel,
    streamId: string,
    execution: CommandExecution,
    turn: Promise<void> | null,
    first: FirstDecision | null,
    firstAttempt = 1,
    conflict: unknown = undefined,
  ): Promise<DispatchResult> {
    if (turn !== null) await turn;
    try {
      const { store, maxAttempts } = this.options;
      for (let attempt = firstAttempt; attempt <= maxAttempts; attempt++) {
        let loaded = first !== null ? first.loaded : this.cache.get(streamId);
        const fromCache = loaded !== undefined;
        if (!loaded) {
          loaded = await this.loader.load(model, streamId);
          if (this.snapshotDue(model, loaded)) await this.snapshot(model, streamId, loaded);
        }
        const { aggregate, window } = loaded;

        if (execution.mayRepeat) {
          const span = window.get(execution.commandId);
          if (span) {
            this.cache.set(streamId, loaded);
            const earlier = await this.earlierResult(streamId, execution.commandId, span);
            if (earlier) return earlier;
          }
        }

        let pending;
        try {
          let outcome: unknown;
          if (first !== null) {
            const decided = first;
            first = null;
            if (decided.threw) throw decided.error;
            outcome = decided.outcome;
          } else {
            outcome = execution.decide(aggregate);
          }
          if (isPromiseLike(outcome)) await outcome;
          pending = takePending(aggregate);
        } catch (error) {
          // Events emitted before the throw were applied: that state must not be reused.
          if (discardPending(aggregate)) this.cache.delete(streamId);
          else this.cache.set(streamId, loaded);
          // A refusal must not rest on a stale cached state: if the stream moved, decide again.
          if (fromCache && (await this.isStale(streamId, aggregate))) {
            this.cache.delete(streamId);
            continue;
          }
          const earlier = await this.repeatBeyondWindow(streamId, execution, loaded);
          if (earlier) return earlier;
          throw error;
        }

        if (pending.length === 0) {
          this.cache.set(streamId, loaded);
          if (fromCache && (await this.isStale(streamId, aggregate))) {
            this.cache.delete(streamId);
            continue;
          }
          const earlier = await this.repeatBeyondWindow(streamId, execution, loaded);
          if (earlier) return earlier;
          return { streamId, version: aggregate.version, position: null, events: [], commandId: execution.commandId, alreadyHandled: false };
        }

        const expectedVersion = aggregate.version;
        const events = newEvents(streamId, execution, pending);
        const appendOptions = { expectedVersion };
        let appended: AppendResult;
        try {
          // Without telemetry (the common case) the append is called directly: no closure per command.
          const { telemetry } = execution;
          appended = await (telemetry
            ? telemetry.append(streamId, events.length, execution.metadata, (metadata) =>
                store.append(streamId, metadata === execution.metadata ? events : events.map((event) => ({ ...event, metadata })), appendOptions),
              )
            : store.append(streamId, events, appendOptions));
        } catch (error) {
          const failed = await this.appendFailed(streamId, execution, attempt, expectedVersion, error);
          if (!(failed instanceof WrongExpectedVersionError)) return failed;
          conflict = failed;
          continue;
        }
        this.recordAppend(streamId, execution, loaded, expectedVersion, appended, events.length);
        // Checked before calling: most commands take no snapshot, and need no extra await.
        if (this.snapshotDue(model, loaded)) await this.snapshot(model, streamId, loaded);
        return appendedResult(streamId, execution, appended);
      }
      throw new ConcurrencyError(streamId, execution.commandType, maxAttempts, { cause: conflict });
    } finally {
      this.queue.leave(streamId);
    }
  }

  /**
   * After an append that failed: the cached state may be behind the stream, so it is dropped. A
   * conflict (the stream moved) is returned, for the caller to decide again on a fresh state; a
   * duplicate of this command's events means an earlier dispatch of it was stored, whose result
   * is returned; anything else is thrown.
   */
  private async appendFailed(
    streamId: string,
    execution: CommandExecution,
    attempt: number,
    expectedVersion: number,
    error: unknown,
  ): Promise<DispatchResult | WrongExpectedVersionError> {
    this.cache.delete(streamId);
    if (error instanceof WrongExpectedVersionError) {
      execution.telemetry?.retried();
      this.options.logger.debug({ streamId, commandId: execution.commandId, attempt, expectedVersion, actual: error.actual }, 'stream moved; deciding again');
      return error;
    }
    if (error instanceof DuplicateEventError) {
      const earlier = await this.earlierResult(streamId, execution.commandId);
      if (earlier) return earlier;
    }
    throw error;
  }

  private async isStale(streamId: string, aggregate: AggregateRoot): Promise<boolean> {
    return (await this.options.store.streamVersion(streamId)) !== aggregate.version;
  }

  /**
   * A command id chosen by the caller that is not in the window may still have been handled
   * before the window's memory starts; only the stream can tell, so it is searched. Commands that
   * append go through the store's duplicate check instead; this is for refusals and no-ops.
   */
  private repeatBeyondWindow(streamId: string, execution: CommandExecution, loaded: LoadedAggregate): Promise<DispatchResult | null> | null {
    if (!execution.mayRepeat || loaded.window.complete) return null;
    return this.earlierResult(streamId, execution.commandId);
  }

  /** What the earlier dispatch of this command returned, rebuilt from the events it appended. */
  private async earlierResult(streamId: string, commandId: string, span?: CommandSpan): Promise<DispatchResult | null> {
    let events: RecordedEvent[] = [];
    if (span) {
      const count = span.to - span.from + 1;
      for await (const event of this.options.store.readStream(streamId, { fromVersion: span.from, limit: count })) events.push(event);
      if (events.length !== count || events.some((event) => event.metadata.commandId !== commandId)) events = [];
    }
    if (events.length === 0) events = await this.scanFor(streamId, commandId);
    const last = events[events.length - 1];
    if (!last) return null;
    return { streamId, version: last.version, position: last.position, events, commandId, alreadyHandled: true };
  }

  /** Reads the stream backward to the events of one command (they are consecutive). */
  private async scanFor(streamId: string, commandId: string): Promise<RecordedEvent[]> {
    const found: RecordedEvent[] = [];
    for await (const event of this.options.store.readStream(streamId, { direction: 'backward' })) {
      if (event.metadata.commandId === commandId) found.push(event);
      else if (found.length > 0) break;
    }
    return found.reverse();
  }

  private snapshotDue(model: AggregateModel, loaded: LoadedAggregate): boolean {
    return model.snapshot !== null && this.options.snapshots !== undefined && loaded.sinceSnapshot >= model.snapshot.every;
  }

  private async snapshot(model: AggregateModel, streamId: string, loaded: LoadedAggregate): Promise<void> {
    const { snapshots, isService, logger } = this.options;
    if (!model.snapshot || !snapshots) return;
    const { aggregate } = loaded;
    const version = aggregate.version;
    loaded.sinceSnapshot = 0;
    try {
      // Captured before any await, so it is exactly the state at this version.
      const state = captureSnapshot(aggregate, model, loaded.window.toData(), isService);
      await snapshots.save({ streamId, version, schemaVersion: model.snapshot.version, state, takenAt: new Date() });
    } catch (error) {
      // The command's events are committed whatever happens here: a missing snapshot only makes
      // the next load longer, so it is reported, not thrown.
      logger.error({ streamId, version, err: error }, `could not snapshot ${model.name}`);
    }
  }
}

/** What the short path of `execute` decided before handing over to the general path. */
interface FirstDecision {
  /** The cached aggregate the handler ran on. */
  readonly loaded: LoadedAggregate;
  /** What the handler returned (a promise, or anything when it emitted nothing). */
  readonly outcome: unknown;
  readonly threw: boolean;
  readonly error: unknown;
}

function appendedResult(streamId: string, execution: CommandExecution, appended: AppendResult): DispatchResult {
  return {
    streamId,
    version: appended.version,
    position: appended.position,
    events: appended.events,
    commandId: execution.commandId,
    alreadyHandled: false,
  };
}

/** What a command's emitted events are appended as: one plain loop, no closure per command. */
function newEvents(streamId: string, execution: CommandExecution, pending: readonly PendingEvent[]): NewEvent[] {
  // Made at its final length: an empty array that push grows allocates room for sixteen.
  const events = new Array<NewEvent>(pending.length);
  for (let index = 0; index < pending.length; index++) {
    const event = pending[index]!;
    events[index] = {
      type: event.type,
      data: event.data,
      schemaVersion: event.schemaVersion,
      // Derived from a command id that may come again, so that storing the same command twice
      // collides in the store. A generated command id never comes again: the store generates
      // its events' ids, and no hash is computed.
      eventId: execution.mayRepeat ? deterministicId(streamId, execution.commandId, String(index)) : undefined,
      causationId: execution.causationId,
      correlationId: execution.correlationId,
      metadata: execution.metadata,
    };
  }
  return events;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null | undefined)?.then === 'function';
}
