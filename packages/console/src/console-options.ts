import type { DeadLetter, EventMetadata, HandlingTimings, EventStore, GlobalPosition, RecordedEvent } from '@factum/event-store';
import { ConsoleConfigurationError } from './errors/console-errors';

/** What the console shows of a subscriber: `app.subscribers.status()` entries fit it as they are. */
export interface ConsoleSubscriberStatus {
  name: string;
  kind: string;
  state: string;
  /** Whether this process runs the subscriber. */
  active?: boolean;
  position: GlobalPosition | null;
  lag: number | null;
  /** How long the oldest unhandled event has waited, in seconds (newer `@factum/core`). */
  lagSeconds?: number | null;
  /** Events handled per second (newer `@factum/core`). */
  eventsPerSecond?: number | null;
  /** Receive and process time percentiles (ms) over its latest events, from the process running it (newer `@factum/core`). */
  timings?: HandlingTimings | null;
  /** The process running the subscriber (newer `@factum/core`). */
  owner?: { process: string; state: string; reportedAt: Date | null } | null;
  lastError: { message: string; code: string | null; eventId: string | null; attempts: number; at: Date } | null;
  rebuild?: ConsoleRebuildProgress | null;
  /** When the stored checkpoint was last written (the standalone console, which sees only checkpoints). */
  updatedAt?: Date;
  /** For a partition of a partitioned subscriber: which one (`name` is then `<subscriber>#<index>`). */
  partition?: { subscriber: string; index: number; count: number };
}

/** Rebuild progress as `app.projections.rebuild(name, { onProgress })` reports it. */
export interface ConsoleRebuildProgress {
  done: number;
  total: number | null;
  eventsPerSecond: number;
  etaMs: number | null;
  finished: boolean;
}

/**
 * The subscriber operations the console uses: `app.subscribers` has them. Retry and skip of dead
 * letters are optional: an app without them answers those actions with 501.
 */
export interface ConsoleSubscribers {
  status(): Promise<readonly ConsoleSubscriberStatus[]>;
  deadLetters(name?: string): Promise<readonly DeadLetter[]>;
  restart?(name: string): void;
  retryDeadLetter?(name: string, eventId: string): Promise<unknown>;
  skipDeadLetter?(name: string, eventId: string): Promise<unknown>;
}

/** The parts of a Factum `App` the console reads and acts on; `createApp()`'s app fits it as it is. */
export interface ConsoleApp {
  readonly store: EventStore;
  readonly subscribers: ConsoleSubscribers;
  readonly projections?: {
    rebuild(name: string, options?: { onProgress?: (progress: ConsoleRebuildProgress) => void }): Promise<unknown>;
  };
  /** `app.load(Aggregate, id, { version })`: the aggregate state as of a version. */
  load?(aggregate: never, id: string, asOf?: { version?: number }): Promise<object | null>;
}

/** What the console shows of one event's data and metadata, in place of what is stored. */
export interface RedactedEvent {
  data: unknown;
  metadata: EventMetadata | Record<string, unknown>;
}

/** `app.register(factumConsole, options)`. */
export interface FactumConsoleOptions {
  /** The store to read. Defaults to `app.store`; one of the two is required. */
  store?: EventStore;
  /** The app, for subscriber status, dead letters, actions and aggregate state. */
  app?: ConsoleApp;
  /** Subscriber status without an app (the standalone console reads stored checkpoints). Defaults to `app.subscribers`. */
  subscribers?: ConsoleSubscribers;
  /**
   * Aggregate classes by stream category (`{ account: BankAccount }`), so a stream page can show
   * the aggregate's state as of any version (needs `app`).
   */
  aggregates?: Readonly<Record<string, object>>;
  /** Allow retry, skip, restart and rebuild. Default false: the console is read-only. */
  allowActions?: boolean;
  /** The token every action must carry (form field `token` or `Authorization: Bearer`). Required with `allowActions`; 16 characters or more. */
  token?: string;
  /** Event types whose data and metadata are never shown (personal data): only their type, stream and times are. */
  hideData?: readonly string[];
  /** What to show of an event's data and metadata instead of what is stored, e.g. with personal fields masked. */
  redact?: (event: RecordedEvent) => RedactedEvent;
  /** Events per log page. Default 50, at most 500. */
  pageSize?: number;
}

export const MIN_TOKEN_LENGTH = 16;

/** The options, checked once when the console is registered. */
export interface ConsoleSettings {
  store: EventStore;
  app: ConsoleApp | undefined;
  subscribers: ConsoleSubscribers | undefined;
  aggregates: ReadonlyMap<string, object>;
  token: string | null;
  hideData: ReadonlySet<string>;
  redact: ((event: RecordedEvent) => RedactedEvent) | undefined;
  pageSize: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function checkConsoleOptions(input: unknown): ConsoleSettings {
  if (!isObject(input)) throw new ConsoleConfigurationError('options', 'expected an options object with at least `store` or `app`');
  const options = input as FactumConsoleOptions;
  const app = options.app;
  if (app !== undefined && (!isObject(app) || !isObject(app.subscribers) || typeof app.subscribers.status !== 'function')) {
    throw new ConsoleConfigurationError('app', 'expected a Factum app (with `subscribers.status()`), as `createApp()` returns');
  }
  const store = options.store ?? app?.store;
  if (!isObject(store) || typeof store.readAll !== 'function' || typeof store.readStream !== 'function') {
    throw new ConsoleConfigurationError('store', 'expected an event store (or an `app` whose store to read)');
  }
  const allowActions = options.allowActions ?? false;
  if (typeof allowActions !== 'boolean') throw new ConsoleConfigurationError('allowActions', 'expected true or false');
  let token: string | null = null;
  if (allowActions) {
    if (typeof options.token !== 'string' || options.token.length < MIN_TOKEN_LENGTH) {
      throw new ConsoleConfigurationError(
        'token',
        `actions need a token of ${MIN_TOKEN_LENGTH} characters or more (e.g. from randomBytes(24).toString('base64url'))`,
      );
    }
    token = options.token;
  }
  const hideData = options.hideData ?? [];
  if (!Array.isArray(hideData) || !hideData.every((type) => typeof type === 'string')) {
    throw new ConsoleConfigurationError('hideData', 'expected an array of event type names');
  }
  if (options.redact !== undefined && typeof options.redact !== 'function')
    throw new ConsoleConfigurationError('redact', 'expected a function (event) => { data, metadata }');
  const pageSize = options.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw new ConsoleConfigurationError('pageSize', 'expected a whole number from 1 to 500');
  const aggregates = new Map<string, object>();
  for (const [category, aggregate] of Object.entries(options.aggregates ?? {})) {
    if (typeof aggregate !== 'function') throw new ConsoleConfigurationError('aggregates', `'${category}' is not an aggregate class`);
    aggregates.set(category, aggregate);
  }
  return {
    store,
    app,
    subscribers: options.subscribers ?? app?.subscribers,
    aggregates,
    token,
    hideData: new Set(hideData),
    redact: options.redact,
    pageSize,
  };
}
