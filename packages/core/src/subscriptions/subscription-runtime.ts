import {
  InMemorySubscriberLocks,
  InMemorySubscriberOperations,
  InMemorySubscriberStore,
  DeadLetterNotFoundError,
  OperationFailedError,
  requestAndFollow,
  requireDeadLetter,
  skipDeadLetter,
  type DeadLetter,
  type JsonValue,
  type SubscriberOperation,
  type SubscriberOperations,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type SubscriberLocks,
  type SubscriberStore,
} from '@factum/event-store';
import { merge, skip, Subject, type Observable } from 'rxjs';
import type { DeadLetterRetryReport } from './operations/dead-letter-retry';
import { OperationsAgent } from './operations/operations-agent';
import { resolveSettings, type SubscriptionSettings } from './runner-settings';
import { RebuildBarrier } from '../projections/rebuild-barrier';
import { checkPartitionCounts } from './partition-count';
import { PartitionBalancer } from './partition-balancer';
import { recordSharedStartMarker } from './start-position';
import { SUBSCRIBER_MARKERS, SubscriberRunner } from './subscriber-runner';
import type { SubscriberSpec } from './subscriber-spec';
import type { RebuildProgress, RebuildReport, SubscriberError, SubscriberStatus } from './subscriber-status';
import { ConsistencyTimeoutError, InvalidSubscriberError, RebuildRefusedError, SubscriberStoppedError, UnknownSubscriberError } from './subscription-errors';
import type { SubscriptionLogger } from './subscription-logger';
import { reportLagOf } from '../telemetry/metrics';

export interface SubscriptionRuntimeOptions {
  store: EventStore;
  /** Checkpoints, process state and dead letters; in memory when omitted. */
  subscriberStore?: SubscriberStore;
  /** Leadership across processes; without it this process runs every subscriber. */
  locks?: SubscriberLocks;
  logger?: SubscriptionLogger;
  settings?: SubscriptionSettings;
}

/** Which subscribers a strongly consistent dispatch waits for. */
export type ConsistencyTarget = 'strong' | readonly string[];

export interface WaitForOptions {
  /** `'strong'`: every subscriber declared strongly consistent; or a list of names. */
  subscribers: ConsistencyTarget;
  timeoutMs: number;
}

/** How often a consistency wait reads checkpoints of subscribers that run in another process. */
const REMOTE_POLL_MS = 50;

/**
 * Every subscriber of an app, each on its own runner. Owns the error stream, status, rebuilds
 * and the waits of strongly consistent dispatches.
 */
export class SubscriptionRuntime {
  private readonly runners = new Map<string, SubscriberRunner>();
  private readonly errors = new Subject<SubscriberError>();
  private readonly settings;
  readonly subscriberStore: SubscriberStore;
  private readonly locks: SubscriberLocks;
  /**
   * Checkpoints and leases of in-process subscribers (read models in memory): they share the
   * fate of what they describe, so no other process sees them and no new process resumes from
   * them. They outlive `stop`/`start` of this runtime, as the read models do.
   */
  private readonly local = { store: new InMemorySubscriberStore(), locks: new InMemorySubscriberLocks() };
  private started = false;
  /** Operation requests on the shared store; a store without them serves this process only. */
  private readonly sharedOperations: SubscriberOperations;
  private readonly agents: OperationsAgent[];
  private balancer: PartitionBalancer | null = null;
  private stopReportingLag: (() => void) | null = null;

  constructor(private readonly options: SubscriptionRuntimeOptions) {
    this.settings = resolveSettings(options.settings);
    this.subscriberStore = options.subscriberStore ?? new InMemorySubscriberStore();
    this.locks = options.locks ?? new InMemorySubscriberLocks();
    this.sharedOperations = this.subscriberStore.operations ?? new InMemorySubscriberOperations();
    const agentOptions = { pollMs: this.settings.operationsPollMs, reportMs: this.settings.reportIntervalMs, logger: options.logger ?? {} };
    const runnersWhere = (inProcess: boolean) => () =>
      [...this.runners.values()].filter((runner) => (runner.spec.inProcess === true) === inProcess).map(operated);
    this.agents = [
      new OperationsAgent(this.sharedOperations, runnersWhere(false), agentOptions),
      new OperationsAgent(this.local.store.operations, runnersWhere(true), agentOptions),
    ];
  }

  /** Where operation requests on a subscriber are recorded. */
  operationsOf(spec: SubscriberSpec): SubscriberOperations {
    return spec.inProcess ? this.local.store.operations : this.sharedOperations;
  }

  /** Where a subscriber's checkpoint, dead letters and state are kept. */
  storeOf(spec: SubscriberSpec): SubscriberStore {
    return spec.inProcess ? this.local.store : this.subscriberStore;
  }

  /** Every failure of every subscriber, with what was decided about it (retry, skip, stop, restart). */
  get errors$(): Observable<SubscriberError> {
    return this.errors.asObservable();
  }

  get running(): boolean {
    return this.started;
  }

  /** The subscribers' names (a partitioned subscriber's once). */
  get names(): string[] {
    return [...new Set([...this.runners.values()].map((runner) => runner.spec.partition?.subscriber ?? runner.spec.name))];
  }

  add(spec: SubscriberSpec): void {
    const name = spec.name;
    if (typeof name !== 'string' || name.trim() === '' || name.trim() !== name) {
      throw new InvalidSubscriberError(
        String(name),
        'a name must be a non-empty string without surrounding spaces; it is what the checkpoint is stored under.',
      );
    }
    if (name.startsWith('$') || name === SUBSCRIBER_MARKERS) throw new InvalidSubscriberError(name, "names starting with '$' are reserved for Factum.");
    if (this.runners.has(name)) {
      throw new InvalidSubscriberError(name, 'two subscribers have this name; names must be unique, because each owns the checkpoint stored under it.');
    }
    if (spec.eventTypes.length === 0) throw new InvalidSubscriberError(name, 'it handles no event type; add an @On(Event) method.');
    const runner = this.newRunner(spec);
    this.runners.set(name, runner);
    if (this.started) void runner.start();
  }

  private newRunner(spec: SubscriberSpec): SubscriberRunner {
    return new SubscriberRunner(spec, {
      store: this.options.store,
      subscriberStore: this.storeOf(spec),
      locks: spec.inProcess ? this.local.locks : this.locks,
      errors: this.errors,
      logger: this.options.logger ?? {},
      settings: this.settings,
      operations: this.operationsOf(spec),
      processName: this.settings.processName,
      // Partitions shared with other processes take no more than this process's share.
      ...(spec.partition && !spec.inProcess ? { gate: { mayAcquire: () => this.balancer?.mayAcquire() ?? true } } : {}),
    });
  }

  /** One start marker per hot-only partitioned subscriber, recorded before its partitions start. */
  private async recordSharedStartMarkers(): Promise<void> {
    const firstPartitions = [...this.runners.values()].filter((runner) => runner.spec.partition?.index === 0 && runner.spec.startFrom === 'head');
    for (const { spec } of firstPartitions) await recordSharedStartMarker(spec.partition!.subscriber, this.options.store, this.storeOf(spec));
  }

  /** The runners of the partitions shared with other processes. */
  private balancedRunners(): SubscriberRunner[] {
    return [...this.runners.values()].filter((runner) => runner.spec.partition && !runner.spec.inProcess);
  }

  /** Starts every runner; resolves once each knows where it starts (or is on standby). */
  async start(): Promise<void> {
    if (this.started) return;
    await checkPartitionCounts(
      [...this.runners.values()].map((runner) => runner.spec),
      this.storeOf.bind(this),
    );
    await this.recordSharedStartMarkers();
    this.started = true;
    if (this.balancedRunners().length > 0) {
      this.balancer = new PartitionBalancer(
        this.locks,
        () => this.balancedRunners(),
        { intervalMs: this.settings.takeoverIntervalMs, drainTimeoutMs: this.settings.drainTimeoutMs },
        this.options.logger ?? {},
      );
      await this.balancer.start();
    }
    this.stopReportingLag = reportLagOf({ store: this.options.store, subscribers: () => this.runners.values() });
    await Promise.all([...this.runners.values()].map((runner) => runner.start()));
    for (const agent of this.agents) agent.start();
  }

  /** How many processes share the partitions, and this one's share; `null` without partitions. */
  get balance(): { members: number; share: number } | null {
    return this.balancer ? { members: this.balancer.memberCount, share: this.balancer.share } : null;
  }

  /**
   * Stops every runner (each finishes or rolls back its current unit of work, writes what it
   * handled and releases its lease). `start` may be called again afterwards.
   */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await Promise.all(this.agents.map((agent) => agent.stop()));
    this.stopReportingLag?.();
    this.stopReportingLag = null;
    const runners = [...this.runners.values()];
    await Promise.all(runners.map((runner) => runner.close()));
    await this.balancer?.stop();
    this.balancer = null;
    for (const runner of runners) this.runners.set(runner.spec.name, this.newRunner(runner.spec));
  }

  /** Each subscriber's status; for one run by another process, with what that process last reported. */
  async status(): Promise<SubscriberStatus[]> {
    const statuses = await Promise.all([...this.runners.values()].map((runner) => runner.status()));
    if (statuses.every((status) => status.active)) return statuses;
    const reports = new Map((await this.sharedOperations.reports().catch(() => [])).map((report) => [report.subscriber, report]));
    return statuses.map((status) => {
      const report = status.active ? undefined : reports.get(status.name);
      if (!report) return status;
      const lastError =
        status.lastError ?? (report.lastError ? { ...report.lastError, eventId: null, position: null, attempts: 0, at: report.reportedAt } : null);
      return {
        ...status,
        owner: { process: report.owner, state: report.state, reportedAt: report.reportedAt },
        eventsPerSecond: report.eventsPerSecond,
        timings: report.timings ?? null,
        lastError,
      };
    });
  }

  /** Lets a stopped subscriber try its failing event again; when another process runs it, asks that process. */
  restart(name: string): void {
    for (const runner of this.runnersOf(name)) {
      if (runner.active || !this.started) runner.restart();
      else
        void this.operationsOf(runner.spec)
          .request({ subscriber: runner.spec.name, kind: 'restart' })
          .catch((error: unknown) => this.options.logger?.error?.({ err: error, subscriber: runner.spec.name }, 'requesting a restart failed'));
    }
  }

  /**
   * Rebuilds the projector where it runs: here when this process holds its lease, otherwise by a
   * request that the process holding it performs, with progress followed through the store. A
   * partitioned projector rebuilds its partitions side by side, after one reset of its read
   * model; every partition must then run in this process. Throws at once (`RebuildRefusedError`)
   * when a rebuild cannot begin here.
   */
  rebuild(name: string, options: { onProgress?: (progress: RebuildProgress) => void } = {}): Promise<RebuildReport> {
    const runners = this.runnersOf(name);
    const partition = runners[0]!.spec.partition;
    // One partition alone would reset the read model the others share.
    if (runners.length === 1 && partition)
      throw new RebuildRefusedError(name, `it is one partition of '${partition.subscriber}'; rebuild '${partition.subscriber}' as a whole.`);
    if (runners.length === 1) return this.rebuildOne(runners[0]!, options.onProgress);
    const started = Date.now();
    const barrier = new RebuildBarrier(runners.length, () => runners[0]!.resetReadModel());
    const reports = runners.map((runner) => runner.requestRebuild(undefined, barrier));
    return Promise.all(reports).then((done) => {
      // Every partition reads every event the projector reads: the events replayed are one partition's count.
      const events = Math.max(...done.map((report) => report.events));
      const durationMs = Math.max(1, Date.now() - started);
      return { subscriber: name, events, durationMs, eventsPerSecond: Math.round((events * 1000) / durationMs) };
    });
  }

  private rebuildOne(runner: SubscriberRunner, onProgress: ((progress: RebuildProgress) => void) | undefined): Promise<RebuildReport> {
    if (runner.active || !runner.spec.rebuildable || !this.started) return runner.requestRebuild(onProgress);
    return this.perform(
      runner,
      { subscriber: runner.spec.name, kind: 'rebuild' },
      onProgress && ((progress) => onProgress(progress as unknown as RebuildProgress)),
    ) as Promise<unknown> as Promise<RebuildReport>;
  }

  /**
   * Hands a dead letter's event to its subscriber again, in the process that runs it (for a
   * partitioned subscriber: the partition that dead-lettered it); resolves once it was handled
   * (and the dead letter removed), rejects with `OperationFailedError` when the handler failed
   * again (the dead letter stays, with the new error).
   */
  async retryDeadLetter(name: string, eventId: string): Promise<void> {
    const runner = await this.runnerHolding(name, eventId);
    try {
      await this.perform(runner, { subscriber: runner.spec.name, kind: 'retry-dead-letter', eventId });
    } catch (error) {
      // A skip (or another retry) removed the letter before this retry could: nothing was handled.
      if (error instanceof OperationFailedError && error.reasonCode === DeadLetterNotFoundError.code) throw new DeadLetterNotFoundError(name, eventId);
      throw error;
    }
  }

  /** Retries every dead letter of the subscriber (of each of its partitions), oldest first; resolves with what was retried and what failed again. */
  async retryDeadLetters(name: string): Promise<DeadLetterRetryReport> {
    const report: DeadLetterRetryReport = { retried: [], failed: [] };
    for (const runner of this.runnersOf(name)) {
      const done = (await this.perform(runner, { subscriber: runner.spec.name, kind: 'retry-dead-letters' })) as unknown as DeadLetterRetryReport;
      report.retried.push(...done.retried);
      report.failed.push(...done.failed);
    }
    return report;
  }

  /**
   * Drops a dead letter without handling its event. The skip is recorded (with the dead letter)
   * as a finished operation; it needs no running process.
   */
  async skipDeadLetter(name: string, eventId: string): Promise<void> {
    const spec = (await this.runnerHolding(name, eventId)).spec;
    await skipDeadLetter(this.storeOf(spec), this.operationsOf(spec), this.settings.processName, spec.name, eventId);
  }

  async operations(name?: string): Promise<SubscriberOperation[]> {
    if (name !== undefined) {
      const histories = await Promise.all(this.runnersOf(name).map((runner) => this.operationsOf(runner.spec).history(runner.spec.name)));
      return histories.flat().sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime());
    }
    const [shared, local] = await Promise.all([this.sharedOperations.history(), this.local.store.operations.history()]);
    return [...shared, ...local].sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime());
  }

  /** The runner (the partition) whose dead letters hold `eventId`; `DeadLetterNotFoundError` when none does. */
  private async runnerHolding(name: string, eventId: string): Promise<SubscriberRunner> {
    const runners = this.runnersOf(name);
    for (const runner of runners.slice(1)) {
      const letters = await this.storeOf(runner.spec).deadLetters.list(runner.spec.name);
      if (letters.some((letter) => letter.eventId === eventId)) return runner;
    }
    await requireDeadLetter(this.storeOf(runners[0]!.spec), runners[0]!.spec.name, eventId);
    return runners[0]!;
  }

  private perform(
    runner: SubscriberRunner,
    request: { subscriber: string; kind: 'rebuild' | 'retry-dead-letter' | 'retry-dead-letters'; eventId?: string },
    onProgress?: (progress: JsonValue) => void,
  ): Promise<JsonValue> {
    return requestAndFollow(this.operationsOf(runner.spec), request, {
      claimTimeoutMs: this.settings.operationTimeoutMs,
      pollMs: 50,
      onProgress,
      // A request for a subscriber this process runs is taken at once, not at the next poll.
      onRequested: () => {
        if (runner.active) for (const agent of this.agents) agent.nudge();
      },
    });
  }

  async deadLetters(name?: string): Promise<DeadLetter[]> {
    if (name !== undefined) {
      const lists = await Promise.all(this.runnersOf(name).map((runner) => this.storeOf(runner.spec).deadLetters.list(runner.spec.name)));
      return lists.flat().sort((a, b) => a.failedAt.getTime() - b.failedAt.getTime());
    }
    const [shared, local] = await Promise.all([this.subscriberStore.deadLetters.list(), this.local.store.deadLetters.list()]);
    return local.length === 0 ? shared : [...shared, ...local].sort((a, b) => a.failedAt.getTime() - b.failedAt.getTime());
  }

  /** Throws `UnknownSubscriberError` for a name no subscriber has: check before dispatching. */
  checkTarget(target: ConsistencyTarget): void {
    if (target !== 'strong') for (const name of target) this.runnersOf(name);
  }

  /**
   * Resolves once each targeted subscriber that reads any of `events` has handled the last of
   * them it reads (its own position or, when another process runs it, its stored checkpoint).
   * Rejects with `SubscriberStoppedError` when one is stopped, `ConsistencyTimeoutError` after
   * `timeoutMs`; in both cases the events are stored.
   */
  async waitFor(events: readonly RecordedEvent[], options: WaitForOptions): Promise<void> {
    if (events.length === 0) return;
    const streamId = events[0]!.streamId;
    const last = events[events.length - 1]!.position;
    const targets = new Map<SubscriberRunner, GlobalPosition>();
    const runners =
      options.subscribers === 'strong'
        ? [...this.runners.values()].filter((runner) => runner.spec.strong)
        : options.subscribers.flatMap((name) => this.runnersOf(name));
    for (const runner of runners) {
      const types = new Set(runner.spec.eventTypes);
      const relevant = events.filter((event) => types.has(event.type));
      if (relevant.length > 0) targets.set(runner, relevant[relevant.length - 1]!.position);
    }
    await this.waitUntil(targets.keys(), (runner) => runner.reached(targets.get(runner)!), { streamId, position: last, timeoutMs: options.timeoutMs });
  }

  /**
   * Resolves once each named subscriber (default: every one) has handled every event it reads up
   * to `position`, whether it reads the event at `position` or not. Throws
   * `UnknownSubscriberError` at once for an unknown name; rejects with `SubscriberStoppedError`
   * or `ConsistencyTimeoutError` as `waitFor` does.
   */
  async waitForPosition(position: GlobalPosition, options: { subscribers?: readonly string[]; timeoutMs: number; signal?: AbortSignal }): Promise<void> {
    const runners = options.subscribers === undefined ? [...this.runners.values()] : options.subscribers.flatMap((name) => this.runnersOf(name));
    await this.waitUntil(runners, (runner) => runner.covers(position), { streamId: null, position, timeoutMs: options.timeoutMs, signal: options.signal });
  }

  /** Polls `check` for each runner until all say yes, one is stopped, or time runs out. */
  private async waitUntil(
    runners: Iterable<SubscriberRunner>,
    check: (runner: SubscriberRunner) => Promise<'yes' | 'no' | 'stopped'>,
    context: { streamId: string | null; position: GlobalPosition; timeoutMs: number; signal?: AbortSignal },
  ): Promise<void> {
    const pending = new Set(runners);
    const deadline = Date.now() + context.timeoutMs;
    while (pending.size > 0) {
      context.signal?.throwIfAborted();
      for (const runner of [...pending]) {
        const reached = await check(runner);
        if (reached === 'yes') pending.delete(runner);
        else if (reached === 'stopped') throw new SubscriberStoppedError(context.streamId, context.position, runner.spec.name, runner.lastErrorMessage());
      }
      if (pending.size === 0) return;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new ConsistencyTimeoutError(
          context.streamId,
          context.position,
          [...pending].map((runner) => runner.spec.name),
          context.timeoutMs,
        );
      await new Promise<void>((resolve) => {
        // Local runners announce progress; remote ones (or a missed announcement) are polled.
        const progress = merge(...[...pending].map((runner) => runner.visible$.pipe(skip(1))));
        // A timer that keeps the process alive: a script awaiting this dispatch must see it
        // resolve or reject, never exit half-way with code 0.
        const timer = setTimeout(
          () => {
            subscription.unsubscribe();
            resolve();
          },
          Math.min(left, REMOTE_POLL_MS),
        );
        const subscription = progress.subscribe(() => {
          clearTimeout(timer);
          subscription.unsubscribe();
          resolve();
        });
      });
    }
  }

  /** The runner of subscriber `name`, or the runners of its partitions. */
  private runnersOf(name: string): SubscriberRunner[] {
    const runner = this.runners.get(name);
    if (runner) return [runner];
    const partitions = [...this.runners.values()].filter((candidate) => candidate.spec.partition?.subscriber === name);
    if (partitions.length === 0) throw new UnknownSubscriberError(name, this.names);
    return partitions;
  }
}

function operated(runner: SubscriberRunner) {
  return { name: runner.spec.name, active: runner.active, offer: runner.operations.offer.bind(runner.operations), report: () => runner.ownerReport() };
}
