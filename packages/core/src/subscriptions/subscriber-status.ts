import type { GlobalPosition, HandlingTimings, RecordedEvent } from '@factum/event-store';
import type { ErrorDecision } from './error-policy';

export type SubscriberKind = 'projector' | 'event-handler' | 'process-manager';

/**
 * - `idle`: the app is not started.
 * - `starting`: not yet tried to become active.
 * - `standby`: another process runs this subscriber; this one takes over if that one dies.
 * - `catching-up`: reading the log in batches. `live`: caught up, handling new events as they come.
 * - `retrying`: a handler (or the store) failed and is being retried with backoff.
 * - `rebuilding`: replaying the log into a reset read model.
 * - `stopped`: halted by the `stop` policy at a failing event; see `lastError`, then `restart`.
 */
export type SubscriberState = 'idle' | 'starting' | 'standby' | 'catching-up' | 'live' | 'retrying' | 'rebuilding' | 'stopped';

export interface SubscriberErrorInfo {
  message: string;
  /** The `FactumError` code, when the error had one. */
  code: string | null;
  /** The event being handled; `null` for a failure of the store or the runtime itself. */
  eventId: string | null;
  position: GlobalPosition | null;
  attempts: number;
  at: Date;
}

export interface SubscriberStatus {
  name: string;
  kind: SubscriberKind;
  state: SubscriberState;
  /** Whether this process is the one running the subscriber (holds its lease). */
  active: boolean;
  /** The last event handled (the stored checkpoint when this process is not the active one). */
  position: GlobalPosition | null;
  /** How many events this subscriber reads are after `position`; `null` when it could not be counted. */
  lag: number | null;
  /** How long the oldest of those events has waited, in seconds (0 when none does); `null` when unknown. */
  lagSeconds: number | null;
  /** Events handled per second over the last 10 s, by the process running it. */
  eventsPerSecond: number;
  /**
   * Receive (append to delivery) and process (delivery to handled) time percentiles over its latest
   * events, by the process running it; `null` before it handled any (or when no process reports it).
   */
  timings: HandlingTimings | null;
  /**
   * The process running the subscriber, as it last reported (this process when `active`); `null`
   * when no process has reported it. `state` is that process's view (`live`, `stopped`...).
   */
  owner: SubscriberOwner | null;
  lastError: SubscriberErrorInfo | null;
  /** Set while a rebuild runs. */
  rebuild: RebuildProgress | null;
  /** For a partition of a partitioned subscriber: which one (`name` is then `<subscriber>#<index>`). */
  partition?: { subscriber: string; index: number; count: number };
}

export interface SubscriberOwner {
  /** The process's name (`subscriptions.processName`, by default `host:pid:tag`). */
  process: string;
  state: string;
  /** When it last reported (a process that died stops reporting); `null` when it is this process, whose state is read live. */
  reportedAt: Date | null;
}

/** Emitted on `errors$` for every failure of every subscriber, with what was decided about it. */
export interface SubscriberError {
  subscriber: string;
  kind: SubscriberKind;
  error: unknown;
  /** The event being handled; absent for a failure of the store or the runtime itself. */
  event?: RecordedEvent;
  attempts: number;
  /** `'retry'` while retries are left; `'restart'` for a store failure (the runner starts over after a delay). */
  decision: ErrorDecision | 'restart';
}

export interface RebuildProgress {
  subscriber: string;
  /** Events replayed so far. */
  done: number;
  /** Events to replay (those the projector reads, up to the head when the rebuild began); `null` until counted. */
  total: number | null;
  eventsPerSecond: number;
  /** Estimated time left; `null` until `total` is known. */
  etaMs: number | null;
  elapsedMs: number;
  finished: boolean;
}

export interface RebuildReport {
  subscriber: string;
  events: number;
  durationMs: number;
  eventsPerSecond: number;
}
