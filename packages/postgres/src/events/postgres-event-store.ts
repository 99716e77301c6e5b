import {
  catchUpSubscription,
  randomId,
  checkDeleteStreamOptions,
  checkListStreamsOptions,
  checkReadCorrelated,
  checkFilter,
  checkIdentifier,
  checkLimit,
  checkDirection,
  checkOccurredBefore,
  checkOptionsObject,
  checkReadStreamOptions,
  checkStartMarker,
  DuplicateEventError,
  InvalidInputError,
  partitionHash,
  StoreClosedError,
  StreamDeletedError,
  StreamNotFoundError,
  validateAppend,
  WrongExpectedVersionError,
  type AppendOptions,
  type AppendResult,
  type CatchUpSource,
  type CountEventsOptions,
  type EventCounter,
  type EventStore,
  type GlobalPosition,
  type ListStreamsOptions,
  type NewEvent,
  type ReadCorrelatedOptions,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StartMarker,
  type StreamInfo,
  type SubscribeOptions,
} from '@factum/event-store';
import { merge, Observable, Subject, takeUntil, throwError } from 'rxjs';
import { storeFailure } from '../client/store-failure';
import { createSqlClient, type SqlSource } from '../client/create-sql-client';
import { isMissingSchemaError } from '../client/database-error';
import { isSqlClient, type SqlClient, type SqlTransaction } from '../client/sql-client';
import { retryOnConnectionError } from '../client/transient-errors';
import { SchemaNotMigratedError, StreamOrderConflictError } from '../errors/postgres-errors';
import { stderrLogger, type Logger } from '../logger';
import { runMigrations, type MigrationResult } from '../migrations/run-migrations';
import { AppendListener } from '../notifications/append-listener';
import { AppendNotifier } from '../notifications/append-notifier';
import { comparePostgresPositions, formatPosition, parsePosition } from '../positions/position-token';
import { parseSnapshot, visibleInSnapshot } from '../positions/snapshot-visibility';
import { storeSchema, type StoreSchema } from '../schema/store-schema';
import { appendStatement, type AppendRow } from '../sql/append-statement';
import { combinedAppendStatement } from '../sql/combined-append-statement';
import { causationChainStatement, readCorrelatedStatement } from '../sql/causation-statements';
import { listStreamsStatement, type StreamListRow } from '../sql/stream-listing-statements';
import { resendingAppendStatement } from '../sql/resending-append-statement';
import { horizonStatement } from '../sql/horizon-statement';
import { announceListenerStatement, otherListenersStatement } from '../sql/listener-statements';
import {
  countLogStatement,
  deleteStreamStatement,
  existingEventIdStatement,
  headAndSnapshotStatement,
  headStatement,
  readLogStatement,
  readStreamStatement,
  streamStateStatement,
  type EventRow,
  type LogQuery,
  type StreamEventRow,
  type StreamPageRow,
} from '../sql/event-statements';
import { readStoreStatus, type StoreStatus } from '../status/store-status';
import { appendError } from './append-errors';
import { AppendCombiner, type CombineAppendsOptions } from './append-combiner';
import { appendResult, expectedParameter, payloadEvents, type AppendInput } from './append-result';
import { sendCombinedAppend, type CombinedAppendStatement } from './combined-append';
import { resendingResult } from './resending-append';
import { HorizonContinuations } from './horizon-continuations';
import { PageIterator } from './page-iterator';
import { EventRowDecoder } from './event-row-decoder';

export interface PostgresEventStoreOptions {
  /** The Postgres schema of the store's tables. Default `'factum'`. */
  schema?: string;
  logger?: Logger;
  /**
   * How often a subscription reads again without a wake-up, so that a lost notification (or an
   * old transaction that ended without appending) only delays events. Default 500 ms.
   */
  pollIntervalMs?: number;
  /**
   * Rows fetched per statement by `readAll`, and by `readStream` for its first page; its next pages
   * grow fourfold up to 8 × `pageSize`. Default 500.
   */
  pageSize?: number;
  /** LISTEN for appends of other processes (one dedicated connection). Default true. */
  listen?: boolean;
  /**
   * NOTIFY other processes after appends (coalesced; on a server only while a session other than
   * this store's own LISTENs, see docs/postgres.md). Default true.
   */
  notify?: boolean;
  /** How long reads retry when the connection or server goes away. Default 30,000 ms. */
  readRetryTimeoutMs?: number;
  /**
   * Write combining for plain appends (not in a caller's transaction, not resending): while
   * `inFlight` append statements run, further appends wait and go together, up to `maxGroup` of
   * distinct streams, as one statement and one transaction; each caller still gets exactly its
   * own append's result or error (docs/postgres.md, "Appends under load"). `false` sends every
   * append as a statement of its own. Default `{ inFlight: 2, maxGroup: 16 }` on a server, `false`
   * on PGlite (one backend runs one statement at a time).
   */
  combineAppends?: CombineAppendsOptions | false;
}

export interface PostgresAppendOptions extends AppendOptions {
  /**
   * Append inside this open transaction (from `SqlClient.transaction`): the events commit or roll
   * back with everything else written through it; subscribers are woken after the commit.
   */
  transaction?: SqlTransaction;
}

export interface PostgresSubscribeOptions extends SubscribeOptions {
  /** Overrides the store's `pollIntervalMs` for this subscription. */
  pollIntervalMs?: number;
}

const MAX_VERSION = Number.MAX_SAFE_INTEGER;
const ORDER_CONFLICT_RETRIES = 3;
/**
 * How `readStream`'s pages grow: the first is `pageSize` events (a stream that stops early, or a
 * reader that does, has read little), each next one four times the last, up to 8 × `pageSize`.
 * A long stream then takes a few statements instead of one per `pageSize` events: each is a round
 * trip that a busy machine makes slow, and a plan the server runs again. Pages of 16 × `pageSize`
 * doubled the peak memory of reading a 1,000,000-event stream; 8 × left it as it was.
 */
const STREAM_PAGE_GROWTH = 4;
const STREAM_PAGE_MAX = 8;

/**
 * The event store on PostgreSQL or PGlite. One events table holds the global log; appends are
 * one prepared statement (sql/append-statement.ts), one round trip, several of them combined
 * into one under load (events/append-combiner.ts); the global log is read in
 * (transaction id, sequence) order below the oldest running transaction, so a position once
 * read is never preceded by a later commit (see docs/postgres.md).
 */
export class PostgresEventStore implements EventStore, EventCounter {
  readonly client: SqlClient;
  readonly schema: StoreSchema;
  /** Emits when new events may be readable: after this store's appends, and on NOTIFY from others. */
  readonly appended$: Observable<void>;

  private readonly ownsClient: boolean;
  private readonly logger: Logger;
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly readRetryTimeoutMs: number;
  private readonly localAppends = new Subject<void>();
  private readonly closed$ = new Subject<void>();
  private readonly closing = new AbortController();
  /** Tags this store's NOTIFY payloads, so that its own listener skips them (notifications/append-notifier.ts). */
  private readonly origin = randomId();
  private readonly notifier: AppendNotifier | undefined;
  private readonly listener: AppendListener | undefined;
  private readonly appendSql: string;
  private readonly appendName: string;
  private readonly resendingAppendSql: string;
  private readonly combinedAppend: CombinedAppendStatement;
  private readonly combiner: AppendCombiner<AppendInput, AppendResult> | undefined;
  private readonly catchUpSource: CatchUpSource;
  private readonly continuations = new HorizonContinuations();

  constructor(source: SqlSource, options: PostgresEventStoreOptions = {}) {
    this.schema = storeSchema(options.schema);
    this.logger = options.logger ?? stderrLogger;
    this.pollIntervalMs = positive(options.pollIntervalMs, 500, 'pollIntervalMs');
    this.pageSize = positive(options.pageSize, 500, 'pageSize');
    this.readRetryTimeoutMs = checkLimit(options.readRetryTimeoutMs, 'readRetryTimeoutMs') ?? 30_000;
    this.ownsClient = !isSqlClient(source);
    this.client = createSqlClient(source, this.logger);
    this.appendSql = appendStatement(this.schema);
    this.appendName = this.schema.statementName('fxappend');
    this.resendingAppendSql = resendingAppendStatement(this.schema);
    this.combinedAppend = { sql: combinedAppendStatement(this.schema), name: this.schema.statementName('fxappendg') };
    const combining = combineAppendsOptions(options.combineAppends, this.client.dialect === 'postgres');
    if (combining) {
      this.combiner = new AppendCombiner(combining, {
        alone: (input) => this.appendAlone(input, undefined),
        group: (appends) => this.appendCombined(appends),
      });
    }
    // On PGlite every store shares one backend (and one process): no listener can be told apart,
    // so appends always NOTIFY there.
    const onServer = this.client.dialect === 'postgres';
    if (options.listen !== false) {
      const announce = onServer ? announceListenerStatement(this.schema) : undefined;
      this.listener = new AppendListener(this.client, this.schema.appendChannel, this.logger, this.closing.signal, announce, this.origin);
    }
    if (options.notify !== false) {
      const probe = onServer ? () => this.othersListen() : undefined;
      this.notifier = new AppendNotifier(this.client, this.schema.appendChannel, this.logger, this.origin, probe);
    }
    this.appended$ = this.listener ? merge(this.localAppends, this.listener.wakeups$) : this.localAppends.asObservable();
    this.catchUpSource = {
      readAll: (readOptions) => this.readAll(readOptions),
      headPosition: () => this.headPosition(),
      startMarker: () => this.startMarker(),
      appended$: this.appended$,
    };
  }

  /** Creates or updates the store's schema (tables, functions, triggers). Idempotent. */
  migrate(): Promise<MigrationResult> {
    this.ensureOpen();
    return runMigrations(this.client, this.schema);
  }

  async append(streamId: string, events: readonly NewEvent[], options: PostgresAppendOptions = {}): Promise<AppendResult> {
    this.ensureOpen();
    const input = validateAppend(streamId, events, options);
    // Only plain appends combine: one in a caller's transaction commits with it, and a resending
    // append answers per event.
    if (this.combiner && !options.transaction && !input.acceptResends) return this.combiner.append(input);
    return this.appendAlone(input, options.transaction);
  }

  /** An append as one statement of its own (sql/append-statement.ts), in the caller's transaction if given. */
  private async appendAlone(input: AppendInput, transaction: SqlTransaction | undefined): Promise<AppendResult> {
    const params = [input.streamId, expectedParameter(input.expectedVersion), JSON.stringify(payloadEvents(input)), partitionHash(input.streamId)];
    const [sql, name] = input.acceptResends ? [this.resendingAppendSql, this.schema.statementName('fxappendr')] : [this.appendSql, this.appendName];
    let rows: unknown[];
    for (let attempt = 1; ; attempt++) {
      try {
        rows = (await (transaction ?? this.client).query(sql, params, { name })).rows;
        break;
      } catch (error) {
        if (this.closing.signal.aborted) throw new StoreClosedError();
        const refusal = await this.appendRefusal(error, input, transaction);
        // Only a transaction of our own can be retried: the caller's is aborted now.
        if (refusal instanceof StreamOrderConflictError && !transaction && attempt < ORDER_CONFLICT_RETRIES) continue;
        throw refusal;
      }
    }
    const result = input.acceptResends ? resendingResult(input, rows as Parameters<typeof resendingResult>[1]) : appendResult(input, rows[0] as AppendRow);
    if (result.events.length > 0) {
      if (transaction) transaction.afterCommit(() => this.announceAppend());
      else this.announceAppend();
    }
    return result;
  }

  /** Appends of distinct streams in one statement (see events/append-combiner.ts). */
  private async appendCombined(appends: readonly AppendInput[]): Promise<ReadonlyArray<PromiseSettledResult<AppendResult>> | null> {
    const results = await sendCombinedAppend(this.client, this.combinedAppend, appends, async (error, append) =>
      this.closing.signal.aborted ? new StoreClosedError() : this.appendRefusal(error, append, undefined),
    );
    if (results?.some((result) => result.status === 'fulfilled')) this.announceAppend();
    return results;
  }

  /**
   * A stream in pages, each one statement (sql/event-statements.ts, `readStreamStatement`), that
   * grow from `pageSize` (`STREAM_PAGE_GROWTH`); the events of a page are handed out without a
   * generator step each (events/page-iterator.ts).
   */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    let pages: (() => Promise<RecordedEvent[] | undefined>) | undefined;
    // Arguments are checked at the first step, as a generator would: a bad one rejects the iteration.
    return new PageIterator(() => (pages ??= this.streamPages(streamId, options))());
  }

  /** The page reader of one `readStream`: each call reads the next page, `undefined` past the end. */
  private streamPages(streamId: string, options: ReadStreamOptions | undefined): () => Promise<RecordedEvent[] | undefined> {
    this.ensureOpen();
    const id = checkIdentifier(streamId, 'streamId');
    const { direction, fromVersion, limit } = checkReadStreamOptions(options);
    const statement = readStreamStatement(this.schema, direction);
    const name = this.schema.statementName(`fxstream${direction[0]}`);
    const decoder = new EventRowDecoder();
    let next = direction === 'forward' ? Math.max(fromVersion ?? 1, 1) : Math.min(fromVersion ?? MAX_VERSION, MAX_VERSION);
    let remaining = limit;
    let pageSize = this.pageSize;
    return async () => {
      if (remaining <= 0) return undefined;
      const pageLimit = Math.min(remaining, pageSize);
      pageSize = Math.min(pageSize * STREAM_PAGE_GROWTH, this.pageSize * STREAM_PAGE_MAX);
      const rows = await this.read(() => this.client.query<StreamPageRow>(statement, [id, next, pageLimit], { name }));
      // Only a deleted stream is an error; past the end, or no stream at all, the read just ends.
      if (rows[0]?.deleted) throw new StreamDeletedError(id);
      if (rows.length === 0 || rows[0]!.event_id === null) return undefined;
      const page = inVersionOrder(
        (rows as StreamEventRow[]).map((row) => decoder.decode(row, id)),
        direction,
      );
      // A short page is the last one.
      remaining = page.length < pageLimit ? 0 : remaining - page.length;
      next = page[page.length - 1]!.version + (direction === 'forward' ? 1 : -1);
      return page;
    };
  }

  /**
   * The log in (transaction id, sequence) order, below a horizon taken once per call: only this
   * store's appenders hold it back (sql/horizon-statement.ts). A forward read that continues a
   * full one starts below that read's horizon and takes a new one only if a page comes back short
   * (events/horizon-continuations.ts). With `startedAt`, events whose transaction had committed
   * when the marker was taken are left out.
   */
  async *readAll(input?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    this.ensureOpen();
    const options = checkOptionsObject(input) as ReadAllOptions;
    const limit = checkLimit(options.limit) ?? Infinity;
    const filter = checkFilter(options.filter);
    const committedBefore = markerSnapshot(checkStartMarker(options.startedAt));
    const after = options.after === undefined ? undefined : parsePosition(options.after, 'after');
    const upTo = options.upTo === undefined ? undefined : parsePosition(options.upTo, 'upTo');
    const occurredBefore = checkOccurredBefore(options.occurredBefore)?.toISOString();
    const occurredFrom = checkOccurredBefore(options.occurredFrom, 'occurredFrom')?.toISOString();
    const direction = checkDirection(options.direction);
    const continued = direction === 'forward' && options.after !== undefined ? this.continuations.take(options.after) : undefined;
    const query: LogQuery = {
      horizon: continued ?? (await this.horizon()),
      after,
      upTo,
      occurredBefore,
      occurredFrom,
      ...filter,
    };
    query.committedIn = exclusion(committedBefore, query.after);
    let stale = continued !== undefined;
    let remaining = limit;
    const decoder = new EventRowDecoder();
    while (remaining > 0) {
      const pageLimit = Math.min(remaining, this.pageSize);
      const { text, params, name } = readLogStatement(this.schema, query, pageLimit, direction);
      const rows = await this.read(() => this.client.query<EventRow>(text, params, { name }));
      for (const row of rows) yield decoder.decode(row, row.stream_id);
      remaining -= rows.length;
      const last = rows[rows.length - 1];
      if (last) {
        const place = { transactionId: last.transaction_id, sequence: last.position };
        if (direction === 'backward') {
          // Newest first: the next page is below the last row; the lower bound (and what it excludes) stays.
          query.before = place;
        } else {
          query.after = place;
          query.committedIn = exclusion(committedBefore, query.after);
        }
      }
      if (rows.length < pageLimit) {
        // Short below a continued read's horizon: what is above it may be readable now.
        if (!stale) return;
        stale = false;
        query.horizon = await this.horizon();
      } else if (remaining <= 0 && direction === 'forward' && last) {
        this.continuations.remember(formatPosition(last.transaction_id, last.position), query.horizon);
      }
    }
  }

  subscribe(input?: PostgresSubscribeOptions): Observable<RecordedEvent> {
    if (this.closing.signal.aborted) return throwError(() => new StoreClosedError());
    const options = checkOptionsObject(input) as PostgresSubscribeOptions;
    if (options.from !== undefined && options.from !== 'origin' && options.from !== 'head') parsePosition(options.from, 'from');
    checkFilter(options.filter);
    markerSnapshot(checkStartMarker(options.startedAt));
    const pollIntervalMs = positive(options.pollIntervalMs, this.pollIntervalMs, 'pollIntervalMs');
    return catchUpSubscription(this.catchUpSource, { ...options, pollIntervalMs }).pipe(takeUntil(this.closed$));
  }

  /**
   * "Now", for a hot subscriber: the readable head, and the snapshot in which it was read. The
   * head can lag behind what has committed (an event that committed while an older append was
   * still open is not readable yet), so reads with this marker leave out every transaction
   * that had committed in the snapshot, and exactly those.
   */
  async startMarker(): Promise<StartMarker> {
    this.ensureOpen();
    const horizon = await this.horizon();
    const [row] = await this.read(() =>
      this.client.query<{ snapshot: string; transaction_id: string | null; position: string | null }>(headAndSnapshotStatement(this.schema), [horizon], {
        name: this.schema.statementName('fxmarker'),
      }),
    );
    const position = row!.transaction_id && row!.position ? formatPosition(row!.transaction_id, row!.position) : null;
    return { position, committed: row!.snapshot };
  }

  /**
   * Whether reads with `marker` leave out the event at `position`: its transaction had
   * completed in the marker's snapshot (what the reads' `pg_visible_in_snapshot` condition says).
   */
  excludedByMarker(position: GlobalPosition, marker: StartMarker): boolean {
    const { transactionId } = parsePosition(position, 'position');
    let committedBefore = this.markerSnapshots.get(marker);
    if (!committedBefore) {
      committedBefore = markerSnapshot(checkStartMarker(marker, 'marker')) ?? null;
      this.markerSnapshots.set(marker, committedBefore);
    }
    if (!committedBefore) return marker.position !== null && comparePostgresPositions(position, marker.position) <= 0;
    return visibleInSnapshot(BigInt(transactionId), committedBefore.parsed);
  }

  /** Markers parsed once: a shared reader asks about every event it hands a hot subscriber. */
  private readonly markerSnapshots = new WeakMap<StartMarker, ReturnType<typeof markerSnapshot> | null>();

  /** The readable horizon now: see sql/horizon-statement.ts. */
  private async horizon(): Promise<string> {
    const rows = await this.read(() =>
      this.client.query<{ horizon: string }>(horizonStatement(this.schema), [], { name: this.schema.statementName('fxhorizon') }),
    );
    return rows[0]!.horizon;
  }

  async headPosition(): Promise<GlobalPosition | null> {
    this.ensureOpen();
    const horizon = await this.horizon();
    const rows = await this.read(() =>
      this.client.query<{ transaction_id: string; position: string }>(headStatement(this.schema), [horizon], { name: this.schema.statementName('fxhead') }),
    );
    return rows[0] ? formatPosition(rows[0].transaction_id, rows[0].position) : null;
  }

  async streamVersion(streamId: string): Promise<number> {
    this.ensureOpen();
    const id = checkIdentifier(streamId, 'streamId');
    const rows = await this.read(() =>
      this.client.query<{ version: string; deleted: boolean }>(streamStateStatement(this.schema), [id], { name: this.schema.statementName('fxstate') }),
    );
    if (rows[0]?.deleted) throw new StreamDeletedError(id);
    return rows[0] ? Number(rows[0].version) : 0;
  }

  async deleteStream(streamId: string, options?: { reason?: string }): Promise<void> {
    this.ensureOpen();
    const id = checkIdentifier(streamId, 'streamId');
    const { reason } = checkDeleteStreamOptions(options);
    const { rowCount } = await this.guard(() => this.client.query(deleteStreamStatement(this.schema), [id, reason]), `deleting stream '${id}'`);
    if (rowCount === 0) throw new StreamNotFoundError(id);
  }

  /** Streams by id in code point order, a page per statement (sql/stream-listing-statements.ts). */
  async *listStreams(input?: ListStreamsOptions): AsyncIterable<StreamInfo> {
    this.ensureOpen();
    const options = checkListStreamsOptions(input);
    let { after, limit: remaining } = options;
    while (remaining > 0) {
      const pageLimit = Math.min(remaining, this.pageSize);
      const { text, params, name } = listStreamsStatement(this.schema, options, after, pageLimit);
      const rows = await this.read(() => this.client.query<StreamListRow>(text, params, { name }));
      for (const row of rows) yield { streamId: row.stream_id, version: Number(row.version), lastEventAt: row.last_event_at, deleted: row.deleted };
      if (rows.length < pageLimit) return;
      remaining -= rows.length;
      after = rows[rows.length - 1]!.stream_id;
    }
  }

  /** One conversation in log order, below the horizon like `readAll` (sql/causation-statements.ts). */
  async *readCorrelated(correlationId: string, input?: ReadCorrelatedOptions): AsyncIterable<RecordedEvent> {
    this.ensureOpen();
    const options = checkReadCorrelated(correlationId, input);
    let after = options.after === undefined ? undefined : parsePosition(options.after as GlobalPosition, 'after');
    const horizon = await this.horizon();
    let remaining = options.limit;
    const decoder = new EventRowDecoder();
    while (remaining > 0) {
      const pageLimit = Math.min(remaining, this.pageSize);
      const { text, name } = readCorrelatedStatement(this.schema, after !== undefined);
      const params = after ? [horizon, options.correlationId, after.transactionId, after.sequence, pageLimit] : [horizon, options.correlationId, pageLimit];
      const rows = await this.read(() => this.client.query<EventRow>(text, params, { name }));
      for (const row of rows) yield decoder.decode(row, row.stream_id);
      if (rows.length < pageLimit) return;
      remaining -= rows.length;
      const last = rows[rows.length - 1]!;
      after = { transactionId: last.transaction_id, sequence: last.position };
    }
  }

  /** The causes of an event, first cause first, in one recursive statement (sql/causation-statements.ts). */
  async readCausationChain(eventId: string): Promise<RecordedEvent[]> {
    this.ensureOpen();
    const id = checkIdentifier(eventId, 'eventId');
    const rows = await this.read(() => this.client.query<EventRow>(causationChainStatement(this.schema), [id], { name: this.schema.statementName('fxchain') }));
    const decoder = new EventRowDecoder();
    return rows.map((row) => decoder.decode(row, row.stream_id));
  }

  /** Counts readable log events (what `readAll` with the same bounds would return), at most `limit`. */
  async countEvents(input?: CountEventsOptions): Promise<number> {
    this.ensureOpen();
    const options = checkOptionsObject(input) as CountEventsOptions;
    const filter = checkFilter(options.filter);
    const committedBefore = markerSnapshot(checkStartMarker(options.startedAt));
    const after = options.after === undefined ? undefined : parsePosition(options.after, 'after');
    const upTo = options.upTo === undefined ? undefined : parsePosition(options.upTo, 'upTo');
    const limit = checkLimit(options.limit, 'limit');
    const query: LogQuery = { horizon: await this.horizon(), after, upTo, ...filter };
    query.committedIn = exclusion(committedBefore, after);
    const { text, params } = countLogStatement(this.schema, query, limit);
    const rows = await this.read(() => this.client.query<{ count: string }>(text, params));
    return Number(rows[0]!.count);
  }

  /** Head, held-back events and who holds them back, checkpoints with their lag. */
  status(): Promise<StoreStatus> {
    this.ensureOpen();
    return this.guard(() => readStoreStatus(this.client, this.schema));
  }

  comparePositions(a: GlobalPosition, b: GlobalPosition): number {
    return comparePostgresPositions(a, b);
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    this.closed$.next();
    this.closed$.complete();
    this.localAppends.complete();
    await this.notifier?.stop();
    await this.listener?.drain();
    if (this.ownsClient) await this.client.close();
  }

  /** NOTIFY statements sent so far (coalesced); for tests and metrics. */
  get notificationsSent(): number {
    return this.notifier?.sent ?? 0;
  }

  /** LISTEN sessions opened so far (1 + reconnects); for tests and metrics. */
  get listenConnections(): number {
    return this.listener?.connections ?? 0;
  }

  /** Whether a LISTEN session other than this store's own is open on the schema. */
  private async othersListen(): Promise<boolean> {
    const { rows } = await this.client.query<{ listening: boolean }>(otherListenersStatement(this.schema), [this.listener?.backendPid ?? 0], {
      name: this.schema.statementName('fxlisteners'),
    });
    return rows[0]?.listening !== false;
  }

  private announceAppend(): void {
    if (this.closing.signal.aborted) return;
    this.localAppends.next();
    this.notifier?.announce();
  }

  private async appendRefusal(error: unknown, input: AppendInput, transaction: SqlTransaction | undefined): Promise<unknown> {
    const refusal = appendError(error, input);
    if (refusal === null) {
      if (isMissingSchemaError(error)) return new SchemaNotMigratedError(this.schema.name, { cause: error });
      return storeFailure(error, `append to stream '${input.streamId}'`, { eventIds: input.events.map((event) => event.eventId) });
    }
    if (refusal === 'version-conflict') {
      const actual = transaction ? NaN : await this.streamVersion(input.streamId).catch(() => NaN);
      return new WrongExpectedVersionError(input.streamId, input.expectedVersion, actual);
    }
    if (refusal === 'duplicate-unnamed') {
      let found: string | undefined;
      if (!transaction) {
        const ids = input.events.map((event) => event.eventId);
        found = (await this.client.query<{ event_id: string }>(existingEventIdStatement(this.schema), [ids]).catch(() => undefined))?.rows[0]?.event_id;
      }
      return new DuplicateEventError(input.streamId, found ?? input.events[0]!.eventId);
    }
    return refusal;
  }

  /** A read: retried across connection failures, with a missing schema reported as such. */
  private async read<Row>(statement: () => Promise<{ rows: Row[] }>): Promise<Row[]> {
    const result = await this.guard(() =>
      retryOnConnectionError(statement, {
        timeoutMs: this.readRetryTimeoutMs,
        signal: this.closing.signal,
        onRetry: (error, attempt) => this.logger.warn({ err: error, attempt }, 'a read lost its database connection; retrying'),
      }),
    );
    this.ensureOpen();
    return result.rows;
  }

  private async guard<T>(operation: () => Promise<T>, description = 'a read of the event store'): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (this.closing.signal.aborted) throw new StoreClosedError();
      if (isMissingSchemaError(error)) throw new SchemaNotMigratedError(this.schema.name, { cause: error });
      throw storeFailure(error, description);
    }
  }

  private ensureOpen(): void {
    if (this.closing.signal.aborted) throw new StoreClosedError();
  }
}

/** A page of `readStreamStatement` in the order asked for (it comes so; sorted here should it ever not). */
function inVersionOrder(page: RecordedEvent[], direction: 'forward' | 'backward'): RecordedEvent[] {
  const sign = direction === 'forward' ? 1 : -1;
  for (let index = 1; index < page.length; index++) {
    if (sign * (page[index]!.version - page[index - 1]!.version) <= 0) return page.sort((a, b) => sign * (a.version - b.version));
  }
  return page;
}

/**
 * The snapshot whose committed transactions a read leaves out: needed only while the read is
 * before the snapshot's xmax (transactions from there on had not committed in it).
 */
function exclusion(committedBefore: { snapshot: string; xmax: bigint } | undefined, after: { transactionId: string } | undefined): string | undefined {
  if (!committedBefore) return undefined;
  return !after || BigInt(after.transactionId) < committedBefore.xmax ? committedBefore.snapshot : undefined;
}

/** The snapshot a Postgres start marker carries, checked: it is read back from storage. */
function markerSnapshot(
  marker: StartMarker | undefined,
): { snapshot: string; xmax: bigint; parsed: NonNullable<ReturnType<typeof parseSnapshot>> } | undefined {
  if (marker?.committed === undefined) return undefined;
  const parsed = parseSnapshot(marker.committed);
  if (!parsed) throw new InvalidInputError('startedAt.committed', `${JSON.stringify(marker.committed.slice(0, 80))} is not a marker of the Postgres store`);
  return { snapshot: marker.committed, xmax: parsed.xmax, parsed };
}

/** The combiner's limits, checked, or `false` when appends are not combined. */
function combineAppendsOptions(input: CombineAppendsOptions | false | undefined, onServer: boolean): Required<CombineAppendsOptions> | false {
  if (input === false || (input === undefined && !onServer)) return false;
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    throw new InvalidInputError('combineAppends', 'expected false or an object like { inFlight, maxGroup }');
  }
  return {
    inFlight: positive(input?.inFlight, 2, 'combineAppends.inFlight'),
    maxGroup: positive(input?.maxGroup, 16, 'combineAppends.maxGroup'),
  };
}

function positive(value: number | undefined, fallback: number, argument: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidInputError(argument, `${String(value)} is not a whole number ≥ 1`);
  return value;
}
