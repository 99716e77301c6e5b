import {
  InMemorySubscriberOperations,
  DeadLetterNotFoundError,
  OperationFailedError,
  requestAndFollow,
  requireDeadLetter,
  skipDeadLetter,
  type DeadLetter,
  type InMemorySubscriberStore,
  type JsonValue,
  type SubscriberOperation,
  type SubscriberOperations,
  type SubscriberStore,
} from '@factum/event-store';
import type { ResolvedSubscriptionSettings } from '../runner-settings';
import { partitionsProgress } from '../../projections/partitions-progress';
import { RebuildBarrier } from '../../projections/rebuild-barrier';
import type { SubscriberRunner } from '../subscriber-runner';
import type { SubscriberSpec } from '../subscriber-spec';
import type { RebuildProgress, RebuildReport, SubscriberStatus } from '../subscriber-status';
import { RebuildRefusedError } from '../subscription-errors';
import type { SubscriptionLogger } from '../subscription-logger';
import type { DeadLetterRetryReport } from './dead-letter-retry';
import { OperationsAgent } from './operations-agent';

/** What the router needs of the runtime: its runners, by subscriber name, and whether it runs. */
export interface RoutedRunners {
  /** The runner of subscriber `name`, or the runners of its partitions; `UnknownSubscriberError` for an unknown name. */
  runnersOf(name: string): SubscriberRunner[];
  all(): Iterable<SubscriberRunner>;
  isStarted(): boolean;
}

export interface OperationsRouterOptions {
  subscriberStore: SubscriberStore;
  /** Where in-process subscribers (read models in memory) keep their checkpoints and requests. */
  localStore: InMemorySubscriberStore;
  settings: ResolvedSubscriptionSettings;
  logger: SubscriptionLogger;
}

/**
 * Operations on subscribers (restart, rebuild, dead-letter retry and skip), routed to where
 * they are performed: the runner here when this process holds the subscriber's lease, otherwise
 * a durable request that the lease holder performs, followed through the store. Also serves the
 * requests of the subscribers this process runs (its agents poll for them and publish owner
 * reports), and adds those reports to the status of subscribers run elsewhere.
 */
export class OperationsRouter {
  /** Operation requests on the shared store; a store without them serves this process only. */
  private readonly sharedOperations: SubscriberOperations;
  private readonly agents: OperationsAgent[];

  constructor(
    private readonly runners: RoutedRunners,
    private readonly options: OperationsRouterOptions,
  ) {
    const { settings } = options;
    this.sharedOperations = options.subscriberStore.operations ?? new InMemorySubscriberOperations();
    const agentOptions = { pollMs: settings.operationsPollMs, reportMs: settings.reportIntervalMs, logger: options.logger };
    const runnersWhere = (inProcess: boolean) => () => [...runners.all()].filter((runner) => (runner.spec.inProcess === true) === inProcess).map(operated);
    this.agents = [
      new OperationsAgent(this.sharedOperations, runnersWhere(false), agentOptions),
      new OperationsAgent(options.localStore.operations, runnersWhere(true), agentOptions),
    ];
  }

  /** Where operation requests on a subscriber are recorded. */
  operationsOf(spec: SubscriberSpec): SubscriberOperations {
    return spec.inProcess ? this.options.localStore.operations : this.sharedOperations;
  }

  /** Where a subscriber's checkpoint, dead letters and state are kept. */
  storeOf(spec: SubscriberSpec): SubscriberStore {
    return spec.inProcess ? this.options.localStore : this.options.subscriberStore;
  }

  start(): void {
    for (const agent of this.agents) agent.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.agents.map((agent) => agent.stop()));
  }

  /** Adds, for each subscriber run by another process, what that process last reported. */
  async withOwnerReports(statuses: SubscriberStatus[]): Promise<SubscriberStatus[]> {
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
    for (const runner of this.runners.runnersOf(name)) {
      if (runner.active || !this.runners.isStarted()) runner.restart();
      else
        void this.operationsOf(runner.spec)
          .request({ subscriber: runner.spec.name, kind: 'restart' })
          .catch((error: unknown) => this.options.logger.error?.({ err: error, subscriber: runner.spec.name }, 'requesting a restart failed'));
    }
  }

  /**
   * Rebuilds the projector where it runs: here when this process holds its lease, otherwise by a
   * request that the process holding it performs, with progress followed through the store. A
   * partitioned projector rebuilds its partitions side by side, after one reset of its read
   * model: wherever its partitions run when its read model is shared (see
   * `performPartitionedRebuild`), all here when it is in memory. Throws at once
   * (`RebuildRefusedError`) when a rebuild cannot begin.
   */
  rebuild(name: string, options: { onProgress?: (progress: RebuildProgress) => void } = {}): Promise<RebuildReport> {
    const runners = this.runners.runnersOf(name);
    const partition = runners[0]!.spec.partition;
    // One partition alone would reset the read model the others share.
    if (runners.length === 1 && partition)
      throw new RebuildRefusedError(name, `it is one partition of '${partition.subscriber}'; rebuild '${partition.subscriber}' as a whole.`);
    if (runners.length === 1) return this.rebuildOne(runners[0]!, options.onProgress);
    if (!runners[0]!.spec.inProcess) return this.rebuildPartitioned(name, runners, options.onProgress);
    const started = Date.now();
    const barrier = new RebuildBarrier(runners.length, () => runners[0]!.resetReadModel());
    const progressOf = options.onProgress && partitionsProgress(name, runners.length, options.onProgress);
    const reports = runners.map((runner, index) => runner.requestRebuild(progressOf?.(index), barrier));
    return Promise.all(reports).then((done) => {
      // Every partition reads every event the projector reads: the events replayed are one partition's count.
      const events = Math.max(...done.map((report) => report.events));
      const durationMs = Math.max(1, Date.now() - started);
      return { subscriber: name, events, durationMs, eventsPerSecond: Math.round((events * 1000) / durationMs) };
    });
  }

  /** A rebuild of a partitioned projector, requested of whichever processes run its partitions, and followed as a whole. */
  private rebuildPartitioned(name: string, runners: SubscriberRunner[], onProgress: ((progress: RebuildProgress) => void) | undefined): Promise<RebuildReport> {
    const spec = runners[0]!.spec;
    if (!spec.rebuildable) throw new RebuildRefusedError(name, `it is a ${spec.kind}; only projectors are rebuilt.`);
    if (!this.runners.isStarted()) throw new RebuildRefusedError(name, 'the app is not started; call app.start() first.');
    return requestAndFollow(
      this.sharedOperations,
      { subscriber: name, kind: 'rebuild' },
      {
        claimTimeoutMs: this.options.settings.operationTimeoutMs,
        pollMs: 50,
        onProgress: onProgress && ((progress) => onProgress(progress as unknown as RebuildProgress)),
        // Partition 0's holder claims it; the partitions here take their part at once, not at the next poll.
        onRequested: () => {
          if (runners.some((runner) => runner.active)) for (const agent of this.agents) agent.nudge();
        },
      },
    ) as Promise<unknown> as Promise<RebuildReport>;
  }

  private rebuildOne(runner: SubscriberRunner, onProgress: ((progress: RebuildProgress) => void) | undefined): Promise<RebuildReport> {
    if (runner.active || !runner.spec.rebuildable || !this.runners.isStarted()) return runner.requestRebuild(onProgress);
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
    for (const runner of this.runners.runnersOf(name)) {
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
    await skipDeadLetter(this.storeOf(spec), this.operationsOf(spec), this.options.settings.processName, spec.name, eventId);
  }

  async operations(name?: string): Promise<SubscriberOperation[]> {
    if (name !== undefined) {
      const histories = await Promise.all(this.runners.runnersOf(name).map((runner) => this.operationsOf(runner.spec).history(runner.spec.name)));
      return histories.flat().sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime());
    }
    const [shared, local] = await Promise.all([this.sharedOperations.history(), this.options.localStore.operations.history()]);
    return [...shared, ...local].sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime());
  }

  /** The runner (the partition) whose dead letters hold `eventId`; `DeadLetterNotFoundError` when none does. */
  private async runnerHolding(name: string, eventId: string): Promise<SubscriberRunner> {
    const runners = this.runners.runnersOf(name);
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
      claimTimeoutMs: this.options.settings.operationTimeoutMs,
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
      const lists = await Promise.all(this.runners.runnersOf(name).map((runner) => this.storeOf(runner.spec).deadLetters.list(runner.spec.name)));
      return lists.flat().sort((a, b) => a.failedAt.getTime() - b.failedAt.getTime());
    }
    const [shared, local] = await Promise.all([this.options.subscriberStore.deadLetters.list(), this.options.localStore.deadLetters.list()]);
    return local.length === 0 ? shared : [...shared, ...local].sort((a, b) => a.failedAt.getTime() - b.failedAt.getTime());
  }
}

function operated(runner: SubscriberRunner) {
  return {
    name: runner.spec.name,
    subscriber: runner.spec.partition?.subscriber,
    active: runner.active,
    offer: runner.operations.offer.bind(runner.operations),
    report: () => runner.ownerReport(),
  };
}
