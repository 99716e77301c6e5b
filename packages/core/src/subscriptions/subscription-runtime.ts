import {
  InMemorySubscriberLocks,
  InMemorySubscriberStore,
  type DeadLetter,
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
import { OperationsRouter } from './operations/operations-router';
import { resolveSettings, type SubscriptionSettings } from './runner-settings';
import { checkPartitionCounts } from './partition-count';
import { checkSubscriberName } from './subscriber-name';
import { PartitionBalancer } from './partition-balancer';
import { recordSharedStartMarker } from './start-position';
import { SUBSCRIBER_MARKERS, SubscriberRunner } from './subscriber-runner';
import type { SubscriberSpec } from './subscriber-spec';
import type { RebuildProgress, RebuildReport, SubscriberError, SubscriberStatus } from './subscriber-status';
import { ConsistencyTimeoutError, InvalidSubscriberError, SubscriberStoppedError, UnknownSubscriberError } from './subscription-errors';
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

/** The longest a starting process waits to count the processes started with it (see `PartitionBalancer.start`). */
const MAX_SETTLE_MS = 250;

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
  /** Restart, rebuild and dead-letter operations, and the requests this process serves. */
  private readonly router: OperationsRouter;
  private balancer: PartitionBalancer | null = null;
  private stopReportingLag: (() => void) | null = null;

  constructor(private readonly options: SubscriptionRuntimeOptions) {
    this.settings = resolveSettings(options.settings);
    this.subscriberStore = options.subscriberStore ?? new InMemorySubscriberStore();
    this.locks = options.locks ?? new InMemorySubscriberLocks();
    this.router = new OperationsRouter(
      {
        runnersOf: (name) => this.runnersOf(name),
        all: () => this.runners.values(),
        isStarted: () => this.started,
      },
      { subscriberStore: this.subscriberStore, localStore: this.local.store, settings: this.settings, logger: options.logger ?? {} },
    );
  }

  /** Where operation requests on a subscriber are recorded. */
  operationsOf(spec: SubscriberSpec): SubscriberOperations {
    return this.router.operationsOf(spec);
  }

  /** Where a subscriber's checkpoint, dead letters and state are kept. */
  storeOf(spec: SubscriberSpec): SubscriberStore {
    return this.router.storeOf(spec);
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
    if (name === SUBSCRIBER_MARKERS) throw new InvalidSubscriberError(name, "names starting with '$' are reserved for Factum.");
    // The name the user declared (a partition's is its subscriber's), for specs built without a decorated class.
    checkSubscriberName(spec.partition?.subscriber ?? name, 'its spec');
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
      ...(spec.partition && !spec.inProcess
        ? { gate: { mayAcquire: (runner) => this.balancer?.mayAcquire(runner) ?? true, notAcquired: () => this.balancer?.notAcquired() } }
        : {}),
    });
  }

  /** One start marker per hot-only partitioned subscriber, recorded before its partitions start. */
  private async recordSharedStartMarkers(): Promise<void> {
    const firstPartitions = [...this.runners.values()].filter((runner) => runner.spec.partition?.index === 0 && runner.spec.startFrom === 'head');
    for (const { spec } of firstPartitions)
      await recordSharedStartMarker(spec.partition!.subscriber, this.options.store, this.storeOf(spec), spec.inProcess ? this.local.locks : this.locks);
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
        {
          intervalMs: this.settings.takeoverIntervalMs,
          drainTimeoutMs: this.settings.drainTimeoutMs,
          // Leases of this runtime's own are shared with no other process: nothing to wait for.
          settleMs: this.options.locks ? Math.min(this.settings.takeoverIntervalMs / 2, MAX_SETTLE_MS) : 0,
        },
        this.options.logger ?? {},
      );
      await this.balancer.start();
    }
    this.stopReportingLag = reportLagOf({ store: this.options.store, subscribers: () => this.runners.values() });
    await Promise.all([...this.runners.values()].map((runner) => runner.start()));
    this.router.start();
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
    await this.router.stop();
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
    return this.router.withOwnerReports(await Promise.all([...this.runners.values()].map((runner) => runner.status())));
  }

  /** Lets a stopped subscriber try its failing event again; when another process runs it, asks that process. */
  restart(name: string): void {
    this.router.restart(name);
  }

  /** See `OperationsRouter.rebuild`. */
  rebuild(name: string, options: { onProgress?: (progress: RebuildProgress) => void } = {}): Promise<RebuildReport> {
    return this.router.rebuild(name, options);
  }

  /** See `OperationsRouter.retryDeadLetter`. */
  retryDeadLetter(name: string, eventId: string): Promise<void> {
    return this.router.retryDeadLetter(name, eventId);
  }

  retryDeadLetters(name: string): Promise<DeadLetterRetryReport> {
    return this.router.retryDeadLetters(name);
  }

  skipDeadLetter(name: string, eventId: string): Promise<void> {
    return this.router.skipDeadLetter(name, eventId);
  }

  operations(name?: string): Promise<SubscriberOperation[]> {
    return this.router.operations(name);
  }

  deadLetters(name?: string): Promise<DeadLetter[]> {
    return this.router.deadLetters(name);
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
