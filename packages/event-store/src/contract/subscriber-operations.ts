import type { JsonValue } from './events';
import type { GlobalPosition } from './position';

/**
 * What an operator can ask of a subscriber. Requests are durable: whichever process holds the
 * subscriber's lease performs them, because only it has the handler classes and may move the
 * checkpoint; the caller (another app process, the `factum` CLI) follows the request's record.
 */
export type OperationKind = 'rebuild' | 'retry-dead-letter' | 'retry-dead-letters' | 'skip-dead-letter' | 'restart';

/** `pending` until the owning process claims it, `running` while it performs it, then `done` or `failed`. */
export type OperationState = 'pending' | 'running' | 'done' | 'failed';

/** Why an operation failed: plain data, so any store can keep it. */
export interface OperationError {
  /** The `FactumError` code, when the failure had one. */
  code: string | null;
  message: string;
}

export interface OperationRequest {
  subscriber: string;
  kind: OperationKind;
  /** The dead letter's event id, for `retry-dead-letter` and `skip-dead-letter`. */
  eventId?: string | null;
}

export interface SubscriberOperation {
  id: string;
  subscriber: string;
  kind: OperationKind;
  eventId: string | null;
  state: OperationState;
  /** The process that claimed it (see `SubscriberReport.owner`); `null` while pending. */
  performer: string | null;
  /** The performer's latest progress report (a rebuild's `done`/`total`...). */
  progress: JsonValue | null;
  /** What a `done` operation produced. */
  result: JsonValue | null;
  /** Why a `failed` operation failed. */
  error: OperationError | null;
  requestedAt: Date;
  updatedAt: Date;
}

export type OperationOutcome = { result: JsonValue } | { error: OperationError };

/** Percentiles of a duration, in milliseconds. */
export interface DurationPercentiles {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * How long the subscriber's recent events took (a bounded window of the latest ones): `receive`
 * from the event's `occurredAt` (its append) to its delivery to the subscriber, `process` from
 * that delivery until it was handled (for a transactional projector: committed).
 */
export interface HandlingTimings {
  /** How many recent events the percentiles are taken over. */
  events: number;
  receive: DurationPercentiles;
  process: DurationPercentiles;
}

/** What the process running a subscriber publishes about it, for status readers in other processes. */
export interface NewSubscriberReport {
  subscriber: string;
  kind: string;
  /** The event types it reads: lag is counted over these only. */
  eventTypes: readonly string[];
  /** The process running it, e.g. `host:pid`. */
  owner: string;
  state: string;
  position: GlobalPosition | null;
  eventsPerSecond: number;
  lastError: OperationError | null;
  /** Receive and process times of its recent events; `null` (or left out) before it handled any. */
  timings?: HandlingTimings | null;
}

export interface SubscriberReport extends NewSubscriberReport {
  reportedAt: Date;
}

/**
 * Durable operation requests and subscriber reports. A request moves only forward:
 * pending → running → done | failed, or pending → failed by `cancel` (nobody took it in time).
 */
export interface SubscriberOperations {
  /** Records a pending request and returns it. */
  request(request: OperationRequest): Promise<SubscriberOperation>;
  get(id: string): Promise<SubscriberOperation | null>;
  /** Pending and running requests of these subscribers, oldest first. */
  open(subscribers: readonly string[]): Promise<SubscriberOperation[]>;
  /**
   * Takes a request for `performer`: succeeds when it is pending, or running under another
   * performer (which lost the subscriber's lease: only the lease holder claims). `false` when it
   * is finished, cancelled or unknown.
   */
  claim(id: string, performer: string): Promise<boolean>;
  /** Records progress of a running request; ignored once it is finished. */
  progress(id: string, progress: JsonValue): Promise<void>;
  /** Finishes a running (or pending) request; a finished one stays as it was. */
  finish(id: string, outcome: OperationOutcome): Promise<void>;
  /** Fails a request that is still pending; `false` when it was claimed (or finished) first. */
  cancel(id: string, error: OperationError): Promise<boolean>;
  /** Finished and open requests of one subscriber (or all), newest first; at most `limit` (default 100). */
  history(subscriber?: string, limit?: number): Promise<SubscriberOperation[]>;
  /** Replaces the report of `report.subscriber`. */
  publish(report: NewSubscriberReport): Promise<void>;
  reports(): Promise<SubscriberReport[]>;
}
