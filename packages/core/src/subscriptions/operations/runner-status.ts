import type { EventStore, GlobalPosition, NewSubscriberReport, RecordedEvent, StartMarker, SubscriberStore } from '@factum/event-store';
import type { SubscriberSpec } from '../subscriber-spec';
import type { RebuildProgress, SubscriberErrorInfo, SubscriberState, SubscriberStatus } from '../subscriber-status';
import { measureLag } from '../../telemetry/subscriber-lag';
import { HandlingTimes } from './handling-times';
import { ThroughputMeter } from './throughput-meter';

/** Lag beyond this is reported as this: counting further would cost more than it tells. */
const LAG_CAP = 100_000;

/** What a runner tells its status from, at the moment it is asked. */
export interface RunnerView {
  readonly active: boolean;
  readonly state: SubscriberState;
  /** The last event this process handled (when it runs the subscriber). */
  readonly handled: GlobalPosition | null;
  /** A hot-only subscriber's start marker: its lag leaves out the history before it. */
  readonly startedAt: StartMarker | undefined;
  readonly lastError: SubscriberErrorInfo | null;
  readonly rebuild: RebuildProgress | null;
}

/**
 * A runner's status and owner report: its position and lag, and what the process running it
 * measures (events per second, receive and process time percentiles).
 */
export class RunnerStatus {
  private readonly throughput = new ThroughputMeter();
  private readonly handlingTimes = new HandlingTimes();

  constructor(
    private readonly spec: SubscriberSpec,
    private readonly env: { store: EventStore; subscriberStore: SubscriberStore; processName: string },
  ) {}

  /** `events`, delivered at `receivedAt`, are handled now. */
  handled(events: readonly RecordedEvent[], receivedAt: number): void {
    this.throughput.add(events.length);
    this.handlingTimes.add(events, receivedAt);
  }

  /** `view` is read twice, as the runner is before and after the lag is counted: the state shown is the latest. */
  async status(view: () => RunnerView): Promise<SubscriberStatus> {
    const before = view();
    const active = before.active;
    let position = before.handled;
    if (!active) position = await this.env.subscriberStore.checkpoints.get(this.spec.name).catch(() => null);
    let lag: number | null = null;
    let lagSeconds: number | null = null;
    try {
      // A hot subscriber's lag leaves out the history its start marker excludes: it never reads it.
      const measured = await measureLag(this.env.store, this.spec.eventTypes, { after: position, startedAt: before.startedAt });
      lag = Math.min(measured.events, LAG_CAP);
      lagSeconds = Math.round(measured.seconds * 10) / 10;
    } catch {
      // Status must answer even when the store does not; the lag is then unknown.
    }
    const after = view();
    return {
      name: this.spec.name,
      kind: this.spec.kind,
      state: after.state,
      active,
      position,
      lag,
      lagSeconds,
      eventsPerSecond: active ? this.throughput.perSecond() : 0,
      timings: active ? this.handlingTimes.summary() : null,
      owner: active ? { process: this.env.processName, state: after.state, reportedAt: null } : null,
      lastError: after.lastError,
      rebuild: after.rebuild,
      ...(this.spec.partition ? { partition: { ...this.spec.partition } } : {}),
    };
  }

  /** What this process publishes about the subscriber while it runs it. */
  ownerReport(view: RunnerView): NewSubscriberReport {
    const lastError = view.lastError;
    return {
      subscriber: this.spec.name,
      kind: this.spec.kind,
      eventTypes: this.spec.eventTypes,
      owner: this.env.processName,
      state: view.state,
      position: view.handled,
      eventsPerSecond: this.throughput.perSecond(),
      timings: this.handlingTimes.summary(),
      lastError: lastError ? { code: lastError.code, message: lastError.message } : null,
    };
  }
}
