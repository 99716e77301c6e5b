import { Subject, takeUntil, type Observable } from 'rxjs';
import type { AppendOptions, AppendResult } from '../contract/append';
import type { EventStore } from '../contract/event-store';
import type { NewEvent, RecordedEvent } from '../contract/events';
import type { GlobalPosition } from '../contract/position';
import type { EventFilter, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../contract/read';
import type { StartMarker } from '../contract/start-marker';
import type { ReadCorrelatedOptions } from '../contract/causation';
import type { ListStreamsOptions, StreamInfo } from '../contract/stream-listing';
import { checkListStreamsOptions, checkReadCorrelated } from '../validation/stream-listing-input';
import { inMemoryCausationChain, listInMemoryStreams } from './in-memory-causation-and-listing';
import { InMemoryEventIds } from './in-memory-event-ids';
import { encodePosition, InMemoryLog, type InMemoryStream } from './in-memory-log';
import { storedTime } from './stored-time';
import { streamCategory } from '../contract/stream-id';
import { partitionOf } from '../contract/stream-partition';
import {
  DuplicateEventError,
  InvalidInputError,
  StreamDeletedError,
  StoreClosedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../errors/store-errors';
import { catchUpSubscription } from '../subscriptions/catch-up-subscription';
import { checkLimit, expectedVersionHolds, validateAppend, type ValidatedEvent } from '../validation/append-input';
import { checkFilter } from '../validation/event-filter';
import { checkIdentifier } from '../validation/identifier';
import { describeValue } from '../validation/text';
import { checkDeleteStreamOptions, checkDirection, checkOptionsObject, checkReadStreamOptions } from '../validation/store-options';
import { checkStartMarker } from '../validation/start-marker-input';
import { recordedEvent } from '../validation/recorded-event';
import { checkOccurredBefore } from '../validation/read-bounds';
import { isResendOf } from '../validation/resends';

function decodePosition(position: GlobalPosition, argument = 'position'): number {
  const index = typeof position === 'string' && /^\d+$/.test(position) ? Number(position) : NaN;
  if (!Number.isSafeInteger(index)) throw new InvalidInputError(argument, `${describeValue(position)} is not a position of the in-memory store`);
  return index;
}

/** The result of an append whose events were all stored already: it points at the latest of them. */
function resentResult(streamId: string, alreadyStored: RecordedEvent[]): AppendResult {
  const latest = alreadyStored.reduce((a, b) => (a.version > b.version ? a : b));
  return { streamId, version: latest.version, position: latest.position, events: [], alreadyStored };
}

/** Whether the event at `index` of `log` passes `filter`, read from its columns. */
function matches(log: InMemoryLog, index: number, filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.types && !filter.types.includes(log.typeAt(index))) return false;
  const { streamId } = log.streamAt(index);
  if (filter.categories && !filter.categories.includes(streamCategory(streamId))) return false;
  if (filter.partition && partitionOf(streamId, filter.partition.count) !== filter.partition.index) return false;
  return true;
}

/**
 * The whole store in process memory: for unit tests, demos and prototypes. It keeps every
 * promise of the contract (it passes `eventStoreConformance`); stored events are deep-frozen,
 * so nothing handed out can change them. Position `n` is the n-th event of the log (1-based).
 * Events are kept in columns (`InMemoryLog`), and each read hands out a new frozen
 * `RecordedEvent` that holds the stored data and metadata themselves.
 */
export class InMemoryEventStore implements EventStore {
  private readonly eventIds = new InMemoryEventIds();
  private readonly log = new InMemoryLog((stored) => this.eventIds.textOf(stored));
  private readonly streams = new Map<string, InMemoryStream>();
  private readonly appendedSignal = new Subject<void>();
  private readonly closed$ = new Subject<void>();
  private isClosed = false;
  private signalQueued = false;
  private lastTime: Date | undefined;
  private readonly signalAppended = (): void => {
    this.signalQueued = false;
    this.appendedSignal.next();
  };

  /** Emits after appends (once for all those of one tick); `catchUpSubscription` wakes on it and reads all that is new. */
  readonly appended$: Observable<void> = this.appendedSignal.asObservable();

  /**
   * Not an async function: nothing in an append waits, and an async function allocates its frame
   * (some 25 registers) and a promise for every call. A refusal still rejects, never throws.
   */
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    try {
      return Promise.resolve(this.appendNow(streamId, events, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * `append` done at once (see `EventStore.appendImmediately`). Declines when a subclass overrides
   * `append` (a test's store that counts or fails appends), so that the override sees them all.
   */
  appendImmediately(streamId: string, events: readonly NewEvent[], options?: AppendOptions): AppendResult | undefined {
    if (this.append !== InMemoryEventStore.prototype.append) return undefined;
    return this.appendNow(streamId, events, options);
  }

  private appendNow(streamId: string, events: readonly NewEvent[], options: AppendOptions | undefined): AppendResult {
    this.ensureOpen();
    const input = validateAppend(streamId, events, options, this.eventIds.issue);
    // Everything below runs without an await: the append is atomic with respect to every other call.
    const stream = this.streams.get(input.streamId);
    if (stream?.deleted) throw new StreamDeletedError(input.streamId);
    const current = stream?.indexes.length ?? 0;
    // With acceptResends, events already stored here with the same content are set aside; the rest are new.
    // Only an append that accepts resends can have any: the rest pay for no list.
    const alreadyStored: RecordedEvent[] | null = input.acceptResends ? [] : null;
    const fresh = alreadyStored !== null ? input.events.filter((event) => !this.isStoredResend(input.streamId, event, alreadyStored)) : input.events;
    if (fresh.length === 0) return resentResult(input.streamId, alreadyStored ?? []);
    if (!expectedVersionHolds(input.expectedVersion, current)) {
      throw new WrongExpectedVersionError(input.streamId, input.expectedVersion, current);
    }
    for (const event of fresh) {
      if (this.eventIds.find(event.eventId) >= 0) throw new DuplicateEventError(input.streamId, event.eventId);
    }
    const target = stream ?? this.log.newStream(input.streamId);
    if (!stream) this.streams.set(target.streamId, target);
    const occurredAt = this.now();
    // Made at its final length: an empty array that push grows allocates room for sixteen.
    const recorded = new Array<RecordedEvent>(fresh.length);
    const time = occurredAt.getTime();
    for (let index = 0; index < fresh.length; index++) {
      const validated = fresh[index]!;
      const at = this.log.length;
      const version = current + index + 1;
      recorded[index] = recordedEvent(validated, { streamId: target.streamId, version, position: encodePosition(at + 1), occurredAt });
      this.log.push(target, version, validated, this.eventIds.add(validated.eventId, at), time);
    }
    const last = recorded[recorded.length - 1]!;
    // One wake-up for all the appends of a tick: a woken subscription reads everything new. None
    // when nothing listens: a subscription reads all that is new when it starts.
    if (!this.signalQueued && this.appendedSignal.observed) {
      this.signalQueued = true;
      queueMicrotask(this.signalAppended);
    }
    const result: AppendResult = { streamId: input.streamId, version: last.version, position: last.position, events: recorded };
    if (alreadyStored !== null) result.alreadyStored = alreadyStored;
    return result;
  }

  async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    this.ensureOpen();
    const id = checkIdentifier(streamId, 'streamId');
    const { direction, fromVersion, limit } = checkReadStreamOptions(options);
    const stream = this.streams.get(id);
    if (stream?.deleted) throw new StreamDeletedError(id);
    const indexes = stream?.indexes ?? [];
    const backward = direction === 'backward';
    let yielded = 0;
    if (backward) {
      for (let version = Math.min(fromVersion ?? indexes.length, indexes.length); version >= 1 && yielded < limit; version--, yielded++) {
        yield this.log.eventAt(indexes[version - 1]!);
      }
    } else {
      for (let version = Math.max(fromVersion ?? 1, 1); version <= indexes.length && yielded < limit; version++, yielded++) {
        yield this.log.eventAt(indexes[version - 1]!);
      }
    }
  }

  async *readAll(input?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    this.ensureOpen();
    const options = checkOptionsObject(input) as ReadAllOptions;
    const limit = checkLimit(options.limit) ?? Infinity;
    const filter = checkFilter(options.filter);
    // The readable head here is always everything committed: a marker's position says it all.
    checkStartMarker(options.startedAt);
    const start = options.after === undefined ? 0 : decodePosition(options.after, 'after');
    const end = Math.min(this.log.length, options.upTo === undefined ? Infinity : decodePosition(options.upTo, 'upTo'));
    const before = checkOccurredBefore(options.occurredBefore)?.getTime() ?? Infinity;
    const from = checkOccurredBefore(options.occurredFrom, 'occurredFrom')?.getTime() ?? -Infinity;
    const backward = checkDirection(options.direction) === 'backward';
    let yielded = 0;
    for (let step = 0; step < end - start && yielded < limit; step++) {
      const index = backward ? end - 1 - step : start + step;
      const time = this.log.timeAt(index);
      if (!matches(this.log, index, filter) || time >= before || time < from) continue;
      yielded++;
      yield this.log.eventAt(index);
    }
  }

  subscribe(input?: SubscribeOptions): Observable<RecordedEvent> {
    const options = checkOptionsObject(input) as SubscribeOptions;
    if (options.from !== undefined && options.from !== 'origin' && options.from !== 'head') decodePosition(options.from, 'from');
    checkFilter(options.filter);
    checkStartMarker(options.startedAt);
    return catchUpSubscription(this, options).pipe(takeUntil(this.closed$));
  }

  async headPosition(): Promise<GlobalPosition | null> {
    this.ensureOpen();
    return this.log.length === 0 ? null : encodePosition(this.log.length);
  }

  async startMarker(): Promise<StartMarker> {
    return { position: await this.headPosition() };
  }

  async streamVersion(streamId: string): Promise<number> {
    this.ensureOpen();
    const stream = this.streams.get(checkIdentifier(streamId, 'streamId'));
    if (stream?.deleted) throw new StreamDeletedError(streamId);
    return stream?.indexes.length ?? 0;
  }

  async deleteStream(streamId: string, options?: { reason?: string }): Promise<void> {
    this.ensureOpen();
    const id = checkIdentifier(streamId, 'streamId');
    // The reason is not kept here, but checked as a database store would: tests on this store catch what Postgres refuses.
    checkDeleteStreamOptions(options);
    const stream = this.streams.get(id);
    if (!stream || stream.deleted) throw new StreamNotFoundError(streamId);
    stream.deleted = true;
  }

  async *listStreams(options?: ListStreamsOptions): AsyncIterable<StreamInfo> {
    this.ensureOpen();
    yield* listInMemoryStreams(this.streams, this.log, checkListStreamsOptions(options));
  }

  async *readCorrelated(correlationId: string, options?: ReadCorrelatedOptions): AsyncIterable<RecordedEvent> {
    this.ensureOpen();
    const input = checkReadCorrelated(correlationId, options);
    let index = input.after === undefined ? 0 : decodePosition(input.after as GlobalPosition, 'after');
    for (let yielded = 0; index < this.log.length && yielded < input.limit; index++) {
      if (this.log.correlationIdAt(index) !== input.correlationId) continue;
      yielded++;
      yield this.log.eventAt(index);
    }
  }

  async readCausationChain(eventId: string): Promise<RecordedEvent[]> {
    this.ensureOpen();
    return inMemoryCausationChain(this.log, (id) => this.eventIds.find(id), checkIdentifier(eventId, 'eventId'));
  }

  comparePositions(a: GlobalPosition, b: GlobalPosition): number {
    return decodePosition(a) - decodePosition(b);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closed$.next();
    this.closed$.complete();
    this.appendedSignal.complete();
  }

  /** Whether `event` is one stored already with the same content (then kept in `alreadyStored`). */
  private isStoredResend(streamId: string, event: ValidatedEvent, alreadyStored: RecordedEvent[]): boolean {
    const index = this.eventIds.find(event.eventId);
    if (index < 0) return false;
    const stored = this.log.eventAt(index);
    if (!isResendOf(stored, streamId, event)) return false;
    alreadyStored.push(stored);
    return true;
  }

  /** The time of an append: one unchangeable `Date` for all the appends of a millisecond. */
  private now(): Date {
    const time = Date.now();
    let date = this.lastTime;
    if (date === undefined || date.getTime() !== time) this.lastTime = date = storedTime(time);
    return date;
  }

  private ensureOpen(): void {
    if (this.isClosed) throw new StoreClosedError();
  }
}
