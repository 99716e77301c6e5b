import {
  CheckpointConflictError,
  isFactumError,
  isStartMarker,
  startMarkerOf,
  StoreClosedError,
  type EventStore,
  type JsonValue,
  type StartMarker,
  type GlobalPosition,
  type RecordedEvent,
  type SubscriberLease,
  type SubscriberLocks,
  type SubscriberStore,
  type SubscriberSession,
} from '@factum/event-store';
import { BehaviorSubject, type Observable, type Subject } from 'rxjs';
import { RebuildCoordinator } from '../projections/rebuild-coordinator';
import { Aborted, anySignal, deferred, sleep, throwIfAborted } from './abort';
import { backoffDelay, resolveRetry, type ErrorDecision } from './error-policy';
import { countEvents } from './event-counting';
import { LiveFeed } from './live-feed';
import { toDeadLetter, toErrorInfo } from './failure-records';
import type { ResolvedSubscriptionSettings } from './runner-settings';
import type { SubscriberSpec } from './subscriber-spec';
import type { RebuildProgress, RebuildReport, SubscriberError, SubscriberErrorInfo, SubscriberState, SubscriberStatus } from './subscriber-status';
import { RebuildRefusedError } from './subscription-errors';
import type { SubscriptionLogger } from './subscription-logger';
import { Wakeup } from './wakeup';
import { ATTR } from '../telemetry/attributes';
import { subscriberAttributes, traceHandling } from '../telemetry/handling-telemetry';
import { instruments } from '../telemetry/metrics';
import { errorCodeOf } from '../telemetry/record-error';

/** Where head-started subscribers record their first start (see `resolveStart`). */
export const SUBSCRIBER_MARKERS = '$subscribers';

/** Lag beyond this is reported as this: counting further would cost more than it tells. */
const LAG_CAP = 100_000;

export interface RunnerEnvironment {
  store: EventStore;
  subscriberStore: SubscriberStore;
  locks: SubscriberLocks;
  errors: Subject<SubscriberError>;
  logger: SubscriptionLogger;
  settings: ResolvedSubscriptionSettings;
}

/** The `stop` policy halted the subscriber at a failing event. */
class Halt extends Error {}

/** A handler threw inside an atomic unit of work (as opposed to the store failing). */
class HandlerFailed extends Error {
  constructor(readonly failure: unknown) {
    super('handler failed');
  }
}

/**
 * Runs one subscriber: takes its lease (or waits on standby), resumes from its checkpoint,
 * reads in batches while behind and is pushed events while live, and moves its checkpoint only
 * past events that were handled (or dead-lettered). Its own loop, buffer and pace: nothing it
 * does waits on another subscriber.
 */
export class SubscriberRunner {
  private mode: 'idle' | 'starting' | 'standby' | 'active' = 'idle';
  private phase: 'catching-up' | 'live' = 'catching-up';
  private retrying = false;
  private halted = false;
  /** The checkpoint as stored: what the next fenced write expects to replace. */
  private committed: GlobalPosition | null = null;
  /** The last event whose effects are done; reading resumes after it. */
  private handled: GlobalPosition | null = null;
  /** A hot-only subscriber's start marker: what had committed before its first start. */
  private startedAt: StartMarker | undefined;
  private unflushed = 0;
  private firstUnflushedAt = 0;
  private lastError: SubscriberErrorInfo | null = null;
  private storeFailures = 0;
  private readonly rebuilds: RebuildCoordinator;
  private readonly wakeup = new Wakeup();
  private readonly closing = new AbortController();
  private readonly visible = new BehaviorSubject<GlobalPosition | null>(null);
  private loop: Promise<void> | null = null;
  /** Settles once the runner knows where it starts, or that another process runs it (or that it cannot start now). */
  private readonly settled = deferred<void>();
  private readonly retry;
  private readonly batchSize: number;
  /** Events whose delivery was timed: a retry or the redo of a rolled-back batch is no new delivery. */
  private readonly received = new WeakSet<RecordedEvent>();

  constructor(
    readonly spec: SubscriberSpec,
    private readonly env: RunnerEnvironment,
  ) {
    this.retry = resolveRetry(spec.retry);
    this.rebuilds = new RebuildCoordinator(spec.name);
    this.batchSize = spec.batchSize ?? env.settings.batchSize;
  }

  /** Emits the position up to which this process has handled events (effects visible). */
  get visible$(): Observable<GlobalPosition | null> {
    return this.visible.asObservable();
  }

  get state(): SubscriberState {
    if (this.mode !== 'active') return this.mode;
    if (this.halted) return 'stopped';
    if (this.retrying) return 'retrying';
    if (this.rebuilds.running) return 'rebuilding';
    return this.phase;
  }

  /**
   * Starts the runner; resolves once it has settled where it starts reading (so that an event
   * appended afterwards is handled even by a hot-only subscriber), or is on standby, or has
   * reported why it cannot start yet.
   */
  start(): Promise<void> {
    if (!this.loop && !this.closing.signal.aborted) {
      this.mode = 'starting';
      this.loop = this.run();
    }
    return this.settled.promise;
  }

  async close(): Promise<void> {
    this.closing.abort(new StoreClosedError());
    this.wakeup.poke();
    await this.loop;
    this.settled.resolve();
    this.visible.complete();
  }

  /** Lets a stopped subscriber try its failing event again. */
  restart(): void {
    this.halted = false;
    this.wakeup.poke();
  }

  requestRebuild(onProgress?: (progress: RebuildProgress) => void): Promise<RebuildReport> {
    const name = this.spec.name;
    if (!this.spec.rebuildable) throw new RebuildRefusedError(name, `it is a ${this.spec.kind}; only projectors are rebuilt.`);
    if (this.mode === 'idle') throw new RebuildRefusedError(name, 'the app is not started; call app.start() first.');
    if (this.mode === 'standby') throw new RebuildRefusedError(name, 'another process runs it; rebuild it there (or stop that process first).');
    const result = this.rebuilds.ask(onProgress);
    this.wakeup.poke();
    return result;
  }

  /** Whether this process has handled every event up to `target`; `'stopped'` when it never will without help. */
  async reached(target: GlobalPosition): Promise<'yes' | 'no' | 'stopped'> {
    const active = this.mode === 'active';
    const position = active ? this.visible.value : await this.env.subscriberStore.checkpoints.get(this.spec.name);
    if (position !== null && this.env.store.comparePositions(position, target) >= 0) return 'yes';
    return active && this.halted ? 'stopped' : 'no';
  }

  /**
   * Whether this subscriber has handled every event it reads at or before `target`: its position
   * has reached `target`, or the next event it reads comes after it. With nothing left to read,
   * only once `target` is readable: on Postgres an event before it may still be held back.
   */
  async covers(target: GlobalPosition): Promise<'yes' | 'no' | 'stopped'> {
    const { store } = this.env;
    const active = this.mode === 'active';
    const position = active ? this.visible.value : await this.env.subscriberStore.checkpoints.get(this.spec.name);
    if (position !== null && store.comparePositions(position, target) >= 0) return 'yes';
    const next = store.readAll({ after: position ?? undefined, limit: 1, filter: { types: this.spec.eventTypes }, startedAt: this.startedAt });
    let ahead: boolean | null = null;
    for await (const event of next) ahead = store.comparePositions(event.position, target) > 0;
    if (ahead === null) {
      const head = await store.headPosition();
      ahead = head !== null && store.comparePositions(head, target) >= 0;
    }
    if (ahead) return 'yes';
    return active && this.halted ? 'stopped' : 'no';
  }

  lastErrorMessage(): string | null {
    return this.lastError?.message ?? null;
  }

  async status(): Promise<SubscriberStatus> {
    const active = this.mode === 'active';
    let position = this.handled;
    if (!active) position = await this.env.subscriberStore.checkpoints.get(this.spec.name).catch(() => null);
    let lag: number | null = null;
    try {
      // A hot subscriber's lag leaves out the history its start marker excludes: it never reads it.
      lag = await countEvents(this.env.store, { after: position, filter: { types: this.spec.eventTypes }, cap: LAG_CAP, startedAt: this.startedAt });
    } catch {
      // Status must answer even when the store does not; the lag is then unknown.
    }
    return {
      name: this.spec.name,
      kind: this.spec.kind,
      state: this.state,
      active,
      position,
      lag,
      lastError: this.lastError,
      rebuild: this.rebuilds.progress(),
    };
  }

  // ---- the outer loop: leadership ------------------------------------------------------------

  private async run(): Promise<void> {
    const closing = this.closing.signal;
    while (!closing.aborted) {
      let lease: SubscriberLease | null;
      try {
        lease = await this.env.locks.tryAcquire(this.spec.name);
      } catch (error) {
        await this.recoverFromStoreFailure(error);
        continue;
      }
      if (!lease) {
        this.mode = 'standby';
        this.settled.resolve();
        this.rebuilds.refuse('another process runs it; rebuild it there (or stop that process first).');
        await this.pause(this.env.settings.takeoverIntervalMs);
        continue;
      }
      this.mode = 'active';
      const scope = anySignal(closing, lease.lost);
      let failure: unknown = null;
      try {
        await this.runActive(scope.signal);
      } catch (error) {
        if (!(error instanceof Aborted)) failure = error;
        else if (lease.lost.aborted) this.report(lease.lost.reason, undefined, 0, 'restart');
        // Closing while still the owner: keep what was handled, so a restart does not redo it.
        else
          await this.flushCheckpoint().catch((flushError: unknown) =>
            this.env.logger.warn?.({ err: flushError, subscriber: this.spec.name }, 'writing the checkpoint on close failed'),
          );
      } finally {
        scope.dispose();
        this.retrying = false;
        if (!closing.aborted) this.mode = 'starting';
        this.rebuilds.abandon(failure);
        if (!lease.lost.aborted)
          await lease
            .release()
            .catch((error: unknown) => this.env.logger.warn?.({ err: error, subscriber: this.spec.name }, 'releasing a subscriber lease failed'));
      }
      if (failure !== null) await this.recoverFromStoreFailure(failure);
      // A lease lost to a dead connection or an expiry: give a standby process the first chance.
      else if (lease.lost.aborted) await this.pause(this.env.settings.takeoverIntervalMs);
    }
    this.mode = 'idle';
    this.rebuilds.refuse('the app was stopped.');
  }

  /** A store or lease failure (not a handler's): report it, wait with backoff, start over. */
  private async recoverFromStoreFailure(error: unknown): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.storeFailures++;
    this.lastError = toErrorInfo(error, null, this.storeFailures);
    this.settled.resolve();
    if (isFactumError(error, CheckpointConflictError.code))
      this.env.logger.warn?.({ err: error, subscriber: this.spec.name }, 'subscriber lost ownership of its checkpoint');
    this.report(error, undefined, this.storeFailures, 'restart');
    this.mode = 'starting';
    const delay = Math.min(30_000, this.env.settings.restartDelayMs * 2 ** Math.min(this.storeFailures - 1, 16));
    await this.pause(delay);
  }

  private async runActive(signal: AbortSignal): Promise<void> {
    this.spec.discard?.();
    this.committed = await this.resolveStart();
    this.handled = this.committed;
    this.unflushed = 0;
    this.visible.next(this.handled);
    this.settled.resolve();
    for (;;) {
      try {
        if (this.halted) await this.waitWhileStopped(signal);
        await this.consume(signal);
      } catch (error) {
        if (!(error instanceof Halt)) throw error;
        this.halted = true;
      }
    }
  }

  /**
   * Where reading starts: after the stored checkpoint; without one, per `startFrom`. A hot-only
   * subscriber records a start marker at its first start, with its first checkpoint, and reads
   * with it ever after (restarts and other processes included): the marker, not only a
   * position, says which events had committed before it started, so none of them is handled
   * even when an older append was still open then.
   */
  private async resolveStart(): Promise<GlobalPosition | null> {
    const { subscriberStore, store } = this.env;
    const name = this.spec.name;
    const stored = await subscriberStore.checkpoints.get(name);
    const from = this.spec.startFrom;
    this.startedAt = undefined;
    if (from !== 'head') return stored ?? (from === 'origin' ? null : from);
    const record = await subscriberStore.processStates.load(SUBSCRIBER_MARKERS, name);
    if (record) {
      const marker = (record.state as { marker?: unknown } | null)?.marker;
      // Markers written before markers existed hold only a start time: their position is all there is.
      this.startedAt = isStartMarker(marker) ? marker : undefined;
      return stored ?? this.startedAt?.position ?? null;
    }
    if (stored !== null) return stored;
    const marker = await startMarkerOf(store);
    await subscriberStore.transaction(async (session) => {
      if (marker.position !== null) await session.checkpoints.set(name, marker.position, { expected: null });
      const state = { startedAt: new Date().toISOString(), marker: { ...marker } } as unknown as JsonValue;
      await session.processStates.save({ processName: SUBSCRIBER_MARKERS, key: name, state, position: marker.position });
    });
    this.startedAt = marker;
    return marker.position;
  }

  private async waitWhileStopped(signal: AbortSignal): Promise<void> {
    while (this.halted && !this.rebuilds.requested) await this.wakeup.wait(undefined, signal);
    this.halted = false;
  }

  // ---- the inner loop: pull while behind, push while live --------------------------------------

  private async consume(signal: AbortSignal): Promise<void> {
    for (;;) {
      this.phase = 'catching-up';
      for (;;) {
        await this.takeRebuildRequest(signal);
        const batch = await this.readBatch(signal);
        if (batch.length > 0) {
          await this.processBatch(batch, signal);
          this.rebuilds.advance(batch.length);
        }
        if (batch.length < this.batchSize || this.rebuilds.reachedTarget(this.handled, (a, b) => this.env.store.comparePositions(a, b))) {
          await this.flushCheckpoint();
          this.rebuilds.finish();
        }
        if (batch.length < this.batchSize) break;
      }
      this.phase = 'live';
      await this.live(signal);
    }
  }

  private async readBatch(signal: AbortSignal): Promise<RecordedEvent[]> {
    const batch: RecordedEvent[] = [];
    const events = this.env.store.readAll({
      after: this.handled ?? undefined,
      limit: this.batchSize,
      filter: { types: this.spec.eventTypes },
      startedAt: this.startedAt,
    });
    for await (const event of events) {
      throwIfAborted(signal);
      batch.push(event);
    }
    return batch;
  }

  /**
   * Handles events pushed by the store's subscription until a rebuild is asked for or the
   * subscriber falls behind (more waiting than `liveBufferLimit`): then it returns and reading
   * goes on in batches, so a slow subscriber never holds an unbounded buffer.
   */
  private async live(signal: AbortSignal): Promise<void> {
    const feed = new LiveFeed(
      this.env.store,
      { after: this.handled, types: this.spec.eventTypes, batchSize: this.batchSize, startedAt: this.startedAt },
      () => this.wakeup.poke(),
      this.env.settings.liveBufferLimit,
    );
    try {
      for (;;) {
        throwIfAborted(signal);
        if (feed.failure !== null && feed.size === 0) throw feed.failure;
        if (this.rebuilds.requested || feed.overflowing) return;
        if (feed.size === 0) {
          const due = this.flushDueInMs();
          if (due === 0) await this.flushCheckpoint();
          else await this.wakeup.wait(due ?? undefined, signal);
          continue;
        }
        await this.processBatch(feed.take(this.batchSize), signal);
      }
    } finally {
      feed.close();
    }
  }

  // ---- handling ---------------------------------------------------------------------------------

  private async processBatch(batch: RecordedEvent[], signal: AbortSignal): Promise<void> {
    if (this.spec.atomic) await this.processAtomic(batch, signal);
    else await this.processPlain(batch, signal);
  }

  private async processPlain(batch: RecordedEvent[], signal: AbortSignal): Promise<void> {
    for (const event of batch) {
      throwIfAborted(signal);
      for (let attempts = 1; ; attempts++) {
        try {
          await this.handle(event, null, attempts);
          break;
        } catch (error) {
          const decision = await this.decide(event, error, attempts, signal);
          if (decision === 'retry') continue;
          if (decision === 'skip') {
            await this.env.subscriberStore.deadLetters.add(toDeadLetter(this.spec.name, event, error, attempts));
            instruments().deadLetters.add(1, subscriberAttributes(this.spec, event));
            break;
          }
          await this.flushCheckpoint();
          throw new Halt();
        }
      }
      this.markHandled(event.position);
      this.unflushed++;
      if (this.unflushed === 1) this.firstUnflushedAt = Date.now();
    }
    if (this.flushDueInMs() === 0) await this.flushCheckpoint();
  }

  private async processAtomic(batch: RecordedEvent[], signal: AbortSignal): Promise<void> {
    if (batch.length > 1) {
      try {
        await this.commitAtomic(batch, signal, 1);
        return;
      } catch (error) {
        if (!(error instanceof HandlerFailed)) throw error;
        // The whole unit was rolled back: redo it one event per unit, so the events before the
        // failing one commit and the failing one gets its retries and policy on its own.
      }
    }
    for (const event of batch) await this.processAtomicOne(event, signal);
  }

  private async processAtomicOne(event: RecordedEvent, signal: AbortSignal): Promise<void> {
    for (let attempts = 1; ; attempts++) {
      try {
        await this.commitAtomic([event], signal, attempts);
        return;
      } catch (error) {
        if (!(error instanceof HandlerFailed)) throw error;
        const decision = await this.decide(event, error.failure, attempts, signal);
        if (decision === 'retry') continue;
        if (decision === 'stop') throw new Halt();
        await this.env.subscriberStore.transaction(async (session) => {
          await session.deadLetters.add(toDeadLetter(this.spec.name, event, error.failure, attempts));
          await session.checkpoints.set(this.spec.name, event.position, { expected: this.committed });
        });
        instruments().deadLetters.add(1, subscriberAttributes(this.spec, event));
        this.committed = event.position;
        this.markHandled(event.position);
        return;
      }
    }
  }

  /** Handles `events` and moves the checkpoint past them in one unit of work. */
  private async commitAtomic(events: RecordedEvent[], signal: AbortSignal, attempt: number): Promise<void> {
    const last = events[events.length - 1]!;
    await this.env.subscriberStore.transaction(async (session) => {
      for (const event of events) {
        throwIfAborted(signal);
        try {
          await this.handle(event, session, attempt);
        } catch (error) {
          throw new HandlerFailed(error);
        }
      }
      // What the handlers staged (bulk read-model writes) is written now, with the checkpoint; its failure is theirs.
      await session.prepareCommit?.().catch((error: unknown) => Promise.reject(new HandlerFailed(error)));
      // A runner that lost its lease mid-batch rolls back rather than commit (fencing would refuse it too).
      throwIfAborted(signal);
      await session.checkpoints.set(this.spec.name, last.position, { expected: this.committed });
    });
    this.committed = last.position;
    this.markHandled(last.position);
  }

  /** One attempt of the handler, traced and timed when an OpenTelemetry SDK is registered. */
  private handle(event: RecordedEvent, session: SubscriberSession | null, attempt: number): Promise<void> {
    return traceHandling({ spec: this.spec, event, attempt, received: this.received }, () => this.spec.handle(event, session));
  }

  private markHandled(position: GlobalPosition): void {
    this.handled = position;
    this.retrying = false;
    this.storeFailures = 0;
    this.visible.next(position);
  }

  /** After a handler failure: wait and retry while attempts are left, then apply the error policy. */
  private async decide(event: RecordedEvent, error: unknown, attempts: number, signal: AbortSignal): Promise<ErrorDecision> {
    if (error instanceof Aborted) throw error;
    this.lastError = toErrorInfo(error, event, attempts);
    let decision: ErrorDecision;
    if (attempts < this.retry.maxAttempts) {
      decision = 'retry';
    } else {
      const policy = this.spec.onError ?? 'stop';
      try {
        decision = typeof policy === 'function' ? await policy({ subscriber: this.spec.name, event, error, attempts }) : policy;
      } catch (policyError) {
        this.env.logger.error?.({ err: policyError, subscriber: this.spec.name }, 'the error policy itself failed; stopping the subscriber');
        decision = 'stop';
      }
      if (decision !== 'retry' && decision !== 'skip') decision = 'stop';
    }
    this.report(error, event, attempts, decision);
    const attributes = { ...subscriberAttributes(this.spec, event), [ATTR.errorCode]: errorCodeOf(error) };
    instruments().subscriberFailures.add(1, attributes);
    if (decision === 'retry') {
      instruments().subscriberRetries.add(1, attributes);
      this.retrying = true;
      await sleep(backoffDelay(this.retry, Math.min(attempts, this.retry.maxAttempts)), signal);
    }
    return decision;
  }

  private report(error: unknown, event: RecordedEvent | undefined, attempts: number, decision: SubscriberError['decision']): void {
    const level = decision === 'retry' ? 'warn' : 'error';
    this.env.logger[level]?.({ err: error, subscriber: this.spec.name, eventId: event?.eventId, attempts, decision }, `subscriber '${this.spec.name}' failed`);
    this.env.errors.next({ subscriber: this.spec.name, kind: this.spec.kind, error, ...(event ? { event } : {}), attempts, decision });
  }

  // ---- checkpoints of non-atomic subscribers ----------------------------------------------------

  /** 0 when the checkpoint should be written now, the wait until then otherwise, `null` when nothing is pending. */
  private flushDueInMs(): number | null {
    if (this.spec.atomic || this.unflushed === 0) return null;
    if (this.spec.flush || this.unflushed >= this.env.settings.checkpointEvery) return 0;
    return Math.max(0, this.env.settings.checkpointIntervalMs - (Date.now() - this.firstUnflushedAt));
  }

  private async flushCheckpoint(): Promise<void> {
    if (this.spec.atomic || this.handled === null || this.handled === this.committed) return;
    const position = this.handled;
    const expected = this.committed;
    const flush = this.spec.flush?.bind(this.spec);
    if (flush) {
      await this.env.subscriberStore.transaction(async (session) => {
        await flush(session);
        await session.checkpoints.set(this.spec.name, position, { expected });
      });
    } else {
      await this.env.subscriberStore.checkpoints.set(this.spec.name, position, { expected });
    }
    this.committed = position;
    this.unflushed = 0;
  }

  // ---- rebuilds ---------------------------------------------------------------------------------

  /**
   * Resets the projector (its reset hook and its checkpoint, in one unit of work when it is
   * atomic) and rewinds reading to its start; progress is tracked until the head as of now.
   */
  private async takeRebuildRequest(signal: AbortSignal): Promise<void> {
    const request = this.rebuilds.take();
    if (!request) return;
    try {
      throwIfAborted(signal);
      const name = this.spec.name;
      const target = await this.env.store.headPosition();
      await this.env.subscriberStore.transaction(async (session) => {
        const current = await session.checkpoints.get(name);
        if (current !== this.committed) throw new CheckpointConflictError(name, this.committed, current);
        if (this.spec.atomic) await this.spec.reset?.(session);
        await session.checkpoints.delete(name);
      });
      // A plain projector resets after the checkpoint is gone: a crash in between replays into
      // the old read model (at-least-once), never leaves an empty one with a checkpoint.
      if (!this.spec.atomic) await this.spec.reset?.(null);
      const start = this.spec.startFrom === 'origin' || this.spec.startFrom === 'head' ? null : this.spec.startFrom;
      this.committed = null;
      this.handled = start;
      this.unflushed = 0;
      this.halted = false;
      this.lastError = null;
      this.visible.next(start);
      this.rebuilds.begin(request, target, () => countEvents(this.env.store, { after: start, upTo: target, filter: { types: this.spec.eventTypes } }));
    } catch (error) {
      request.result.reject(error);
      throw error;
    }
  }

  // ---- waiting ------------------------------------------------------------------------------------

  /** Waits `ms` (or for a poke), returning early without error when the app closes. */
  private async pause(ms: number): Promise<void> {
    try {
      await this.wakeup.wait(ms, this.closing.signal);
    } catch (error) {
      if (!(error instanceof Aborted)) throw error;
    }
  }
}
