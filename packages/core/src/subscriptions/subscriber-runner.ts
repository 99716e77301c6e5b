import {
  CheckpointConflictError,
  StoreClosedError,
  type EventStore,
  type GlobalPosition,
  type NewSubscriberReport,
  type RecordedEvent,
  type SubscriberLocks,
  type SubscriberOperations,
  type SubscriberSession,
  type SubscriberStore,
} from '@factum/event-store';
import type { Observable, Subject } from 'rxjs';
import type { RebuildBarrier } from '../projections/rebuild-barrier';
import { PartitionRebuildParticipant } from '../projections/partition-rebuild-participant';
import { RebuildCoordinator } from '../projections/rebuild-coordinator';
import { Aborted, anySignal, deferred, throwIfAborted } from './abort';
import { BatchProcessor } from './batch-processor';
import { CheckpointWriter } from './checkpoint-writer';
import { countEvents } from './event-counting';
import { EventFeed, type FeedStep } from './event-feed';
import { LeaseLoop, type LeaseHolder } from './lease-loop';
import { RunnerOperations } from './operations/runner-operations';
import { RunnerStatus, type RunnerView } from './operations/runner-status';
import type { ResolvedSubscriptionSettings } from './runner-settings';
import type { PartitionGate } from './partition-gate';
import { holdsOrClaims, isActive, reportedState, type RunnerState } from './runner-state';
import { resolveStart } from './start-position';
import { SubscriberFailures } from './subscriber-failures';
import type { SubscriberSpec } from './subscriber-spec';
import type { RebuildProgress, RebuildReport, SubscriberError, SubscriberState, SubscriberStatus } from './subscriber-status';
import { RebuildRefusedError } from './subscription-errors';
import type { SubscriptionLogger } from './subscription-logger';
import { Wakeup } from './wakeup';
import { traceHandling } from '../telemetry/handling-telemetry';
import type { LagOrigin } from '../telemetry/subscriber-lag';

export { SUBSCRIBER_MARKERS } from './start-position';

export interface RunnerEnvironment {
  store: EventStore;
  subscriberStore: SubscriberStore;
  locks: SubscriberLocks;
  errors: Subject<SubscriberError>;
  logger: SubscriptionLogger;
  settings: ResolvedSubscriptionSettings;
  /** Operation requests and reports (see `RunnerOperations`), and this process's name in them. */
  operations: SubscriberOperations;
  processName: string;
  /** Balances partitions among processes; without it a runner asks for its lease whenever it is free. */
  gate?: PartitionGate;
}

/**
 * Runs one subscriber: takes its lease (or waits on standby), resumes from its checkpoint,
 * reads in batches while behind and is pushed events while live, and moves its checkpoint only
 * past events that were handled (or dead-lettered). Its own loop, buffer and pace: nothing it
 * does waits on another subscriber.
 *
 * The parts: `LeaseLoop` (leadership), `EventFeed` (which events come next, from where),
 * `BatchProcessor` (handling, plain or in units of work, with retries and the error policy),
 * `CheckpointWriter` (what is stored, what is handled) and `SubscriberFailures`. This class
 * holds the state and the active loop that joins them.
 */
export class SubscriberRunner implements LeaseHolder {
  private current: RunnerState = { kind: 'idle' };
  private readonly rebuilds: RebuildCoordinator;
  private readonly wakeup = new Wakeup();
  private readonly closing = new AbortController();
  private readonly checkpoints: CheckpointWriter;
  private readonly failures: SubscriberFailures;
  private readonly feed: EventFeed;
  private readonly processor: BatchProcessor;
  private loop: Promise<void> | null = null;
  /** Settles once the runner knows where it starts, or that another process runs it (or that it cannot start now). */
  private readonly settled = deferred<void>();
  /** operations: requests performed here while this process holds the lease; events/s for status. */
  readonly operations: RunnerOperations;
  /** Status and owner reports, with the events/s and receive/process times they show. */
  private readonly reporting: RunnerStatus;
  /** A partition shared with other processes: its part in rebuilds of the whole projector. */
  private readonly partitionRebuild: PartitionRebuildParticipant | null;
  /** Set while this runner hands its partition over: the drain timeout's timer. */
  private handover: { timer: NodeJS.Timeout } | null = null;
  /** Aborts the current active round when a handover outlasts its drain timeout. */
  private drain: AbortController | null = null;

  constructor(
    readonly spec: SubscriberSpec,
    private readonly env: RunnerEnvironment,
  ) {
    this.rebuilds = new RebuildCoordinator(spec.name);
    this.checkpoints = new CheckpointWriter(spec, env.subscriberStore, env.settings);
    this.failures = new SubscriberFailures(spec, env, () => this.setRetrying(true));
    const batchSize = spec.batchSize ?? env.settings.batchSize;
    this.feed = new EventFeed(env.store, {
      types: spec.eventTypes,
      partition: spec.streamPartition,
      batchSize,
      liveBufferLimit: env.settings.liveBufferLimit,
      onChange: () => this.wakeup.poke(),
    });
    this.processor = new BatchProcessor(spec, env.subscriberStore, this.checkpoints, this.failures, () => {
      this.setRetrying(false);
      this.failures.recovered();
    });
    this.reporting = new RunnerStatus(spec, env);
    this.partitionRebuild = spec.partition && !spec.inProcess ? this.rebuildParticipant() : null;
    this.operations = new RunnerOperations(
      {
        spec,
        store: env.store,
        subscriberStore: env.subscriberStore,
        logger: env.logger,
        handle: (event, session, attempt) => this.handleOnce(event, session, attempt),
        requestRebuild: (onProgress) => this.requestRebuild(onProgress),
        restart: () => this.restart(),
        poke: () => this.wakeup.poke(),
        offerWhole: (operation) => {
          this.partitionRebuild?.offer(operation);
          if (this.partitionRebuild?.due) this.wakeup.poke(); // its part is taken between batches
        },
        pollMs: env.settings.operationsPollMs,
      },
      env.operations,
      env.processName,
    );
  }

  /** Whether this process holds the subscriber's lease. */
  get active(): boolean {
    return isActive(this.current);
  }

  get name(): string {
    return this.spec.name;
  }

  /** Emits the position up to which this process has handled events (effects visible). */
  get visible$(): Observable<GlobalPosition | null> {
    return this.checkpoints.visible$;
  }

  /** While this process runs the subscriber: where its reading stands, what its lag is measured from. */
  get lagOrigin(): LagOrigin | null {
    return isActive(this.current) ? { after: this.checkpoints.handled, startedAt: this.feed.startedAt } : null;
  }

  get state(): SubscriberState {
    return reportedState(this.current, this.rebuilds.running);
  }

  /** Empties what the subscriber built, in a unit of work of its own when it is transactional. */
  async resetReadModel(): Promise<void> {
    const reset = this.spec.reset?.bind(this.spec);
    if (!reset) return;
    if (this.spec.atomic) await this.env.subscriberStore.transaction((session) => reset(session));
    else await reset(null);
  }

  /** Whether this process holds the lease (or is asking for it): what counts against its share of partitions. */
  get holdsOrClaims(): boolean {
    return holdsOrClaims(this.current);
  }

  /**
   * Gives the lease up gracefully, so another process can take this partition: the batch in
   * flight finishes and commits, the checkpoint is written, then the lease is released. A batch
   * still running after `drainTimeoutMs` is abandoned (rolled back, or handled again by the next
   * owner): never processed by two at once.
   */
  handOver(drainTimeoutMs: number): void {
    if (!isActive(this.current) || this.handover) return;
    const drain = this.drain;
    const timer = setTimeout(() => drain?.abort(new Error('the drain timeout passed')), drainTimeoutMs);
    timer.unref?.();
    this.handover = { timer };
    this.wakeup.poke();
  }

  /**
   * Starts the runner; resolves once it has settled where it starts reading (so that an event
   * appended afterwards is handled even by a hot-only subscriber), or is on standby, or has
   * reported why it cannot start yet.
   */
  start(): Promise<void> {
    if (!this.loop && !this.closing.signal.aborted) {
      this.current = { kind: 'starting' };
      this.loop = this.run();
    }
    return this.settled.promise;
  }

  async close(): Promise<void> {
    this.closing.abort(new StoreClosedError());
    this.wakeup.poke();
    await this.loop;
    this.settled.resolve();
    this.checkpoints.complete();
  }

  /** Lets a stopped subscriber try its failing event again. */
  restart(): void {
    if (this.current.kind === 'stopped') this.current = { kind: 'catching-up', retrying: false };
    this.wakeup.poke();
  }

  requestRebuild(onProgress?: (progress: RebuildProgress) => void, barrier?: RebuildBarrier): Promise<RebuildReport> {
    const name = this.spec.name;
    if (!this.spec.rebuildable) throw new RebuildRefusedError(name, `it is a ${this.spec.kind}; only projectors are rebuilt.`);
    // A partition alone would reset the read model the others share (a request may name one).
    if (this.spec.partition && !barrier)
      throw new RebuildRefusedError(
        name,
        `it is one partition of '${this.spec.partition.subscriber}'; rebuild '${this.spec.partition.subscriber}' as a whole.`,
      );
    if (this.current.kind === 'idle') throw new RebuildRefusedError(name, 'the app is not started; call app.start() first.');
    if (this.current.kind === 'standby') throw new RebuildRefusedError(name, 'another process runs it; rebuild it there (or stop that process first).');
    const result = this.rebuilds.ask(onProgress, barrier);
    this.wakeup.poke();
    return result;
  }

  /** Whether this process has handled every event up to `target`; `'stopped'` when it never will without help. */
  async reached(target: GlobalPosition): Promise<'yes' | 'no' | 'stopped'> {
    const active = isActive(this.current);
    const position = active ? this.checkpoints.visiblePosition : await this.env.subscriberStore.checkpoints.get(this.spec.name);
    if (position !== null && this.env.store.comparePositions(position, target) >= 0) return 'yes';
    return this.current.kind === 'stopped' ? 'stopped' : 'no';
  }

  /**
   * Whether this subscriber has handled every event it reads at or before `target`: its position
   * has reached `target`, or the next event it reads comes after it. With nothing left to read,
   * only once `target` is readable: on Postgres an event before it may still be held back.
   */
  async covers(target: GlobalPosition): Promise<'yes' | 'no' | 'stopped'> {
    const { store } = this.env;
    const active = isActive(this.current);
    const position = active ? this.checkpoints.visiblePosition : await this.env.subscriberStore.checkpoints.get(this.spec.name);
    if (position !== null && store.comparePositions(position, target) >= 0) return 'yes';
    const next = store.readAll({ after: position ?? undefined, limit: 1, filter: { types: this.spec.eventTypes }, startedAt: this.feed.startedAt });
    let ahead: boolean | null = null;
    for await (const event of next) ahead = store.comparePositions(event.position, target) > 0;
    if (ahead === null) {
      const head = await store.headPosition();
      ahead = head !== null && store.comparePositions(head, target) >= 0;
    }
    if (ahead) return 'yes';
    return this.current.kind === 'stopped' ? 'stopped' : 'no';
  }

  lastErrorMessage(): string | null {
    return this.failures.lastError?.message ?? null;
  }

  status(): Promise<SubscriberStatus> {
    return this.reporting.status(() => this.view());
  }

  /** operations: what this process publishes about the subscriber while it runs it. */
  async ownerReport(): Promise<NewSubscriberReport> {
    return this.reporting.ownerReport(this.view());
  }

  private view(): RunnerView {
    return {
      active: isActive(this.current),
      state: this.state,
      handled: this.checkpoints.handled,
      startedAt: this.feed.startedAt,
      lastError: this.failures.lastError,
      rebuild: this.rebuilds.progress(),
    };
  }

  /** operations: one traced attempt of the handler, for a dead-letter retry. */
  private handleOnce(event: RecordedEvent, session: SubscriberSession | null, attempt: number): Promise<void> {
    return traceHandling({ spec: this.spec, event, attempt, received: new WeakSet() }, () => this.spec.handle(event, session));
  }

  // ---- leadership (driven by the lease loop) -------------------------------------------------------

  /** Asks for the lease now rather than at the next takeover interval: its process's share has room again. */
  askForLease(): void {
    if (this.current.kind === 'standby') this.wakeup.poke();
  }

  mayAcquire(): boolean {
    const gate = this.env.gate;
    if (gate && !gate.mayAcquire(this)) return false;
    this.current = { kind: 'acquiring' };
    return true;
  }

  private async run(): Promise<void> {
    await new LeaseLoop(this.env.locks, this, this.env.settings.takeoverIntervalMs, this.closing.signal).run();
    this.current = { kind: 'idle' };
    this.rebuilds.refuse('the app was stopped.');
  }

  onStandby(): void {
    const claimed = this.current.kind === 'acquiring';
    this.current = { kind: 'standby' };
    if (claimed) this.env.gate?.notAcquired(this);
    this.settled.resolve();
    this.rebuilds.refuse('another process runs it; rebuild it there (or stop that process first).');
  }

  onLeaseLost(reason: unknown): void {
    this.failures.leaseLost(reason);
  }

  async onClosingWhileOwner(): Promise<void> {
    await this.checkpoints
      .flush()
      .catch((error: unknown) => this.env.logger.warn?.({ err: error, subscriber: this.spec.name }, 'writing the checkpoint on close failed'));
  }

  onInactive(failure: unknown): void {
    if (this.handover) clearTimeout(this.handover.timer);
    this.handover = null;
    this.feed.close();
    this.operations.forget(); // operations: the next lease holder performs what is left
    this.partitionRebuild?.forget();
    if (!this.closing.signal.aborted) this.current = { kind: 'starting' };
    this.rebuilds.abandon(failure);
  }

  onReleaseFailed(error: unknown): void {
    this.env.logger.warn?.({ err: error, subscriber: this.spec.name }, 'releasing a subscriber lease failed');
  }

  onStoreFailure(error: unknown): number {
    this.settled.resolve();
    this.current = { kind: 'starting' };
    return this.failures.storeFailed(error);
  }

  /** Waits `ms` (or for a poke), returning early without error when the app closes. */
  async pause(ms: number): Promise<void> {
    try {
      await this.wakeup.wait(ms, this.closing.signal);
    } catch (error) {
      if (!(error instanceof Aborted)) throw error;
    }
  }

  // ---- the active loop: requests, then the feed's next step --------------------------------------

  /**
   * Runs while this process holds the lease; ends by throwing (`Aborted` when `signal` aborts),
   * or returns between batches once the partition is handed over.
   */
  async runActive(lease: AbortSignal): Promise<void> {
    const drain = new AbortController();
    this.drain = drain;
    const scope = anySignal(lease, drain.signal);
    try {
      await this.runActiveUntil(scope.signal);
    } finally {
      scope.dispose();
      this.drain = null;
    }
  }

  private async runActiveUntil(signal: AbortSignal): Promise<void> {
    this.current = { kind: 'catching-up', retrying: false };
    // What an abandoned run left is dropped (effects still awaited fail at once), and its
    // checkpoint writes settle before the stored checkpoint is read again.
    this.spec.discard?.();
    await this.checkpoints.abandonQueued();
    const start = await resolveStart(this.spec, this.env.store, this.env.subscriberStore);
    this.feed.rewind(start.position, start.startedAt);
    this.checkpoints.resume(start.position, start.stored);
    await this.partitionRebuild?.atLeaseStart();
    this.settled.resolve();
    for (;;) {
      if (this.handover) return;
      if (this.isStopped()) await this.waitWhileStopped(signal);
      // Requests to this runner are taken here, between batches.
      if (this.rebuilds.requested) await this.takeRebuildRequest(signal);
      if (this.partitionRebuild?.due) {
        await this.partitionRebuild.take(signal);
        continue; // it returns early when the partition must be handed over
      }
      if (this.operations.due) await this.operations.performDue(); // operations: between batches, never beside handling
      const step = await this.feed.next(signal);
      this.enterPhase(this.feed.phase);
      await this.handleStep(step, signal);
    }
  }

  private async handleStep(step: FeedStep, signal: AbortSignal): Promise<void> {
    if (step.kind === 'idle') {
      const due = this.checkpoints.flushDueInMs();
      if (due === 0) await this.checkpoints.flush();
      else await this.wakeup.wait(due ?? undefined, signal);
      return;
    }
    const receivedAt = Date.now(); // operations: receive/process percentiles
    if (step.events.length > 0 && (await this.processor.process(step.events, signal)) === 'stopped') {
      this.current = { kind: 'stopped' };
      // Reading resumes (after a restart) at the failing event.
      this.feed.rewind(this.checkpoints.handled);
      return;
    }
    this.reporting.handled(step.events, receivedAt); // operations: events/s and percentiles in status
    if (step.phase !== 'catching-up') return;
    this.rebuilds.advance(step.events.length);
    if (step.caughtUp || this.rebuilds.reachedTarget(this.checkpoints.handled, (a, b) => this.env.store.comparePositions(a, b))) {
      await this.checkpoints.flush();
      this.rebuilds.finish();
    }
  }

  private enterPhase(phase: 'catching-up' | 'live'): void {
    const current = this.current;
    if (current.kind === 'catching-up' || current.kind === 'live') this.current = { kind: phase, retrying: current.retrying };
  }

  private setRetrying(retrying: boolean): void {
    const current = this.current;
    // Called after every handled event: a new state only when it changes.
    if ((current.kind === 'catching-up' || current.kind === 'live') && current.retrying !== retrying) this.current = { ...current, retrying };
  }

  private isStopped(): boolean {
    return this.current.kind === 'stopped';
  }

  private async waitWhileStopped(signal: AbortSignal): Promise<void> {
    // A rebuild (its own, or the whole projector's for a partition) starts it afresh.
    while (this.isStopped() && !this.rebuilds.requested && !this.partitionRebuild?.due) {
      // operations: a stopped subscriber still serves dead-letter retries (and a restart request)
      if (this.operations.due) await this.operations.performDue();
      else await this.wakeup.wait(undefined, signal);
    }
    this.current = { kind: 'catching-up', retrying: false };
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
      const expected = this.checkpoints.stored;
      const target = await this.env.store.headPosition();
      await this.env.subscriberStore.transaction(async (session) => {
        const current = await session.checkpoints.get(name);
        if (current !== expected) throw new CheckpointConflictError(name, expected, current);
        if (this.spec.atomic && !request.barrier) await this.spec.reset?.(session);
        await session.checkpoints.delete(name);
      });
      // A plain projector resets after the checkpoint is gone: a crash in between replays into
      // the old read model (at-least-once), never leaves an empty one with a checkpoint.
      if (!this.spec.atomic && !request.barrier) await this.spec.reset?.(null);
      // A partition: the read model is reset once, when every partition has stopped handling.
      await request.barrier?.arrive(signal);
      const start = this.spec.startFrom === 'origin' || this.spec.startFrom === 'head' ? null : this.spec.startFrom;
      this.checkpoints.resume(start, null);
      this.feed.rewind(start, undefined, { wholeLog: true });
      this.current = { kind: 'catching-up', retrying: false };
      this.failures.clear();
      this.rebuilds.begin(request, target, () => countEvents(this.env.store, { after: start, upTo: target, filter: { types: this.spec.eventTypes } }));
    } catch (error) {
      request.result.reject(error);
      throw error;
    }
  }

  // ---- its part in a rebuild of the whole partitioned projector ---------------------------------

  private rebuildParticipant(): PartitionRebuildParticipant {
    const { env, spec } = this;
    return new PartitionRebuildParticipant({
      spec,
      subscriberStore: env.subscriberStore,
      operations: env.operations,
      logger: env.logger,
      pollMs: env.settings.operationsPollMs,
      storedCheckpoint: () => this.checkpoints.stored,
      dropCheckpoint: () => this.checkpoints.resume(null, null),
      replay: (stored, target) => this.replayAfterReset(stored, target),
      mustYield: () => this.handover !== null,
      wait: (ms, signal) => this.wakeup.wait(ms, signal),
    });
  }

  /** The whole projector's read model was reset: read from the stored checkpoint again, with rebuild progress in status. */
  private replayAfterReset(stored: GlobalPosition | null, target: GlobalPosition | null): void {
    const start = this.spec.startFrom === 'origin' || this.spec.startFrom === 'head' ? null : this.spec.startFrom;
    const from = stored ?? start;
    this.checkpoints.resume(from, stored);
    this.feed.rewind(from, undefined, { wholeLog: true });
    this.current = { kind: 'catching-up', retrying: false };
    this.failures.clear();
    if (this.rebuilds.running || this.rebuilds.requested) return;
    const request = { result: deferred<RebuildReport>() };
    request.result.promise.catch(() => undefined); // followed by the whole rebuild, not here
    this.rebuilds.begin(request, target, () => countEvents(this.env.store, { after: from, upTo: target, filter: { types: this.spec.eventTypes } }));
  }
}
