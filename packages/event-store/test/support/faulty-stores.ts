import { Subject, type Observable } from 'rxjs';
import {
  asGlobalPosition,
  InvalidInputError,
  InMemoryCheckpointStore,
  InMemorySnapshotStore,
  catchUpSubscription,
  type AppendOptions,
  type AppendResult,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SetCheckpointOptions,
  type Snapshot,
  type StartMarker,
  type SubscribeOptions,
} from '@factum/event-store';
import { DelegatingStore } from './delegating-store';

// Each store below has one bug that a real implementation could plausibly have.

const indexOf = (position: GlobalPosition): number => Number(position);

/** Never checks the expected version. */
export class IgnoresExpectedVersionStore extends DelegatingStore {
  override append(streamId: string, events: readonly NewEvent[]): Promise<AppendResult> {
    return this.inner.append(streamId, events, { expectedVersion: 'any' });
  }
}

/** Writes a batch one event at a time, so a failure part-way leaves the first events stored. */
export class NotAtomicStore extends DelegatingStore {
  override async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) return this.inner.append(streamId, events, options);
    const recorded: RecordedEvent[] = [];
    for (const [index, event] of events.entries()) {
      const result = await this.inner.append(streamId, [event], index === 0 ? options : { expectedVersion: 'any' });
      recorded.push(...result.events);
    }
    const last = recorded[recorded.length - 1]!;
    return { streamId, version: last.version, position: last.position, events: recorded };
  }
}

/** Serialises data with JSON.stringify instead of refusing what JSON would change. */
export class LenientJsonStore extends DelegatingStore {
  override append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const coerced = events.map((event) => ({ ...event, data: JSON.parse(JSON.stringify(event.data) ?? 'null') as unknown }));
    return this.inner.append(streamId, coerced, options);
  }
}

/** Its global-log read drops some events (like a bigserial read that misses a late commit). */
export class SkipsEventsStore extends DelegatingStore {
  override async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    for await (const event of this.inner.readAll(options)) if (indexOf(event.position) % 7 !== 5) yield event;
  }

  override subscribe(options?: SubscribeOptions): Observable<RecordedEvent> {
    return this.subscribeThroughReadAll(options);
  }
}

/** Its global-log read returns some events twice (an off-by-one `>=` instead of `>`). */
export class RepeatsEventsStore extends DelegatingStore {
  override async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    for await (const event of this.inner.readAll(options)) {
      yield event;
      if (indexOf(event.position) % 5 === 2) yield event;
    }
  }

  override subscribe(options?: SubscribeOptions): Observable<RecordedEvent> {
    return this.subscribeThroughReadAll(options);
  }
}

/** Applies the limit to the scanned page and filters afterwards, in the client. */
export class FiltersAfterLimitStore extends DelegatingStore {
  override async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const { filter, ...page } = options;
    for await (const event of this.inner.readAll(page)) {
      if (filter?.types && !filter.types.includes(event.type)) continue;
      if (filter?.categories && !filter.categories.includes(event.streamId.split('-')[0]!)) continue;
      yield event;
    }
  }
}

/**
 * Partitions streams by a hash of their code points, not of their UTF-16 code units: the same for
 * every id within the Basic Multilingual Plane, another partition for an id with an emoji.
 */
export class PartitionsByCodePointStore extends DelegatingStore {
  override async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const { filter, limit, ...rest } = options;
    const partition = filter?.partition;
    if (!partition) return yield* this.inner.readAll(options);
    let left = limit ?? Infinity;
    for await (const event of this.inner.readAll({ ...rest, filter: { types: filter.types, categories: filter.categories } })) {
      if (left <= 0) return;
      if (codePointHash(event.streamId) % partition.count !== partition.index) continue;
      left--;
      yield event;
    }
  }
}

function codePointHash(key: string): number {
  let hash = 0x811c9dc5;
  for (const character of key) {
    hash ^= character.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Unpadded numeric position tokens compared as strings: '10' sorts before '9'. */
export class StringComparedPositionsStore extends DelegatingStore {
  private static token(position: GlobalPosition): GlobalPosition {
    return asGlobalPosition(String(Number(position)));
  }

  private static inner(token: GlobalPosition | undefined): GlobalPosition | undefined {
    return token === undefined ? undefined : asGlobalPosition(token.padStart(16, '0'));
  }

  private static map(event: RecordedEvent): RecordedEvent {
    return { ...event, position: StringComparedPositionsStore.token(event.position) };
  }

  override async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const result = await this.inner.append(streamId, events, options);
    return { ...result, position: StringComparedPositionsStore.token(result.position), events: result.events.map(StringComparedPositionsStore.map) };
  }

  override async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    for await (const event of this.inner.readStream(streamId, options)) yield StringComparedPositionsStore.map(event);
  }

  override async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const after = StringComparedPositionsStore.inner(options.after);
    for await (const event of this.inner.readAll({ ...options, after })) yield StringComparedPositionsStore.map(event);
  }

  override async headPosition(): Promise<GlobalPosition | null> {
    const head = await this.inner.headPosition();
    return head === null ? null : StringComparedPositionsStore.token(head);
  }

  override subscribe(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    return this.subscribeThroughReadAll(options);
  }

  override comparePositions(a: GlobalPosition, b: GlobalPosition): number {
    return a < b ? -1 : a > b ? 1 : 0;
  }
}

/** Reads backward in forward order. */
export class ForwardOnlyStore extends DelegatingStore {
  override readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    return this.inner.readStream(streamId, { limit: options.limit, fromVersion: options.direction === 'backward' ? undefined : options.fromVersion });
  }
}

/** Subscriptions only see events appended after subscribing: no catch-up, `from` ignored. */
export class LiveOnlySubscriptionStore extends DelegatingStore {
  private readonly live = new Subject<RecordedEvent>();

  override async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const result = await this.inner.append(streamId, events, options);
    for (const event of result.events) this.live.next(event);
    return result;
  }

  override subscribe(): Observable<RecordedEvent> {
    return this.live.asObservable();
  }
}

/** "Deletes" a stream by doing nothing after checking it exists. */
export class DeleteDoesNothingStore extends DelegatingStore {
  override async deleteStream(streamId: string): Promise<void> {
    if ((await this.inner.streamVersion(streamId)) === 0) await this.inner.deleteStream(streamId);
  }
}

/** Subscriptions outlive the store: close() does not end them. */
export class SubscriptionsOutliveCloseStore extends DelegatingStore {
  override subscribe(options?: SubscribeOptions): Observable<RecordedEvent> {
    return catchUpSubscription(this, options ?? {});
  }
}

/** A checkpoint store whose `set` ignores the fencing expectation. */
export class UnfencedCheckpointStore extends InMemoryCheckpointStore {
  override async set(name: string, position: GlobalPosition, _options?: SetCheckpointOptions): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    return super.set(name, position);
  }
}

/** A snapshot store that replaces whatever is stored, and keeps the caller's objects. */
export class CarelessSnapshotStore extends InMemorySnapshotStore {
  private readonly kept = new Map<string, Snapshot>();

  override async load(streamId: string): Promise<Snapshot | null> {
    return this.kept.get(streamId) ?? null;
  }

  override async save(snapshot: Snapshot): Promise<void> {
    this.kept.set(snapshot.streamId, snapshot);
  }

  override async delete(streamId: string): Promise<void> {
    this.kept.delete(streamId);
  }
}

/** Ignores the caller's event ids and always generates new ones. */
export class ReplacesEventIdsStore extends DelegatingStore {
  override append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    return this.inner.append(
      streamId,
      events.map(({ eventId: _dropped, ...event }) => event),
      options,
    );
  }
}

/** Hands out the caller's own data objects (no copy), so later changes leak into the store. */
export class SharesCallerObjectsStore extends DelegatingStore {
  private readonly originals = new Map<string, unknown>();

  override async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const result = await this.inner.append(streamId, events, options);
    result.events.forEach((event, index) => this.originals.set(event.eventId, events[index]!.data));
    return { ...result, events: result.events.map((event) => this.share(event)) };
  }

  override async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    for await (const event of this.inner.readStream(streamId, options)) yield this.share(event);
  }

  override async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    for await (const event of this.inner.readAll(options)) yield this.share(event);
  }

  private share(event: RecordedEvent): RecordedEvent {
    return this.originals.has(event.eventId) ? { ...event, data: this.originals.get(event.eventId) } : event;
  }
}

/** Cuts long strings, like a column with a length limit. */
export class TruncatesLongStringsStore extends DelegatingStore {
  override append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    return this.inner.append(
      streamId,
      events.map((event) => ({ ...event, data: mapStrings(event.data, (text) => text.slice(0, 65_535)) })),
      options,
    );
  }
}

/** Normalises text to NFC on the way in, like some drivers and proxies do. */
export class NormalisesUnicodeStore extends DelegatingStore {
  override append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const nfc = (text: string): string => text.normalize('NFC');
    return this.inner.append(
      nfc(streamId),
      events.map((event) => ({ ...event, type: nfc(event.type), data: mapStrings(event.data, nfc) })),
      options,
    );
  }
}

function mapStrings(value: unknown, change: (text: string) => string): unknown {
  if (typeof value === 'string') return change(value);
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, change));
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [change(key), mapStrings(item, change)]));
  }
  return value;
}

/** Marks "now" at the origin: a hot reader with its marker gets the whole history. */
export class MarkerAtOriginStore extends DelegatingStore {
  async startMarker(): Promise<StartMarker> {
    return { position: null };
  }
}

/** Does not check the deletion reason it is given (Postgres would answer a NUL with a raw 22021). */
export class IgnoresDeleteReasonStore extends DelegatingStore {
  override deleteStream(streamId: string): Promise<void> {
    return this.inner.deleteStream(streamId);
  }
}

/**
 * Its index holds fewer bytes than the contract's identifier limit, and it forgot to check: long
 * multi-byte ids fail with a raw database error (like Postgres's 54000 "index row size exceeds").
 */
export class SmallIndexStore extends DelegatingStore {
  private static check(...ids: unknown[]): void {
    for (const id of ids) {
      if (typeof id === 'string' && Buffer.byteLength(id, 'utf8') > 700) throw new Error('index row size 2112 exceeds btree version 4 maximum 2104');
    }
  }

  override append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    SmallIndexStore.check(streamId, ...events.flatMap((event) => [event.type, event.eventId, event.causationId, event.correlationId]));
    return this.inner.append(streamId, events, options);
  }
}

/** Reads its options without checking them: `null` (or a string) ends in a TypeError. */
export class TrustsOptionsStore extends DelegatingStore {
  override readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    const { direction = 'forward', fromVersion, limit } = options === undefined ? {} : (options as ReadStreamOptions);
    if (typeof options === 'string') throw new TypeError(`Cannot use 'in' operator to search for 'direction' in ${String(options)}`);
    return this.inner.readStream(streamId, { direction, fromVersion, limit });
  }

  override append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const { expectedVersion = 'any' } = options === undefined ? {} : (options as AppendOptions);
    return this.inner.append(streamId, events, { expectedVersion });
  }
}

/** Refuses JSON nested deeper than 32 levels: a stricter limit than the contract lets it have. */
export class ShallowJsonStore extends DelegatingStore {
  override append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const depth = (value: unknown): number => (typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depth)) : 0);
    for (const event of events) {
      if (depth(event.data) > 32) return Promise.reject(new InvalidInputError('events[0].data', 'nested too deep'));
    }
    return this.inner.append(streamId, events, options);
  }
}

/** Keeps checkpoints in a plain map without checking names (Postgres would refuse NUL with a raw error). */
export class UncheckedCheckpointNamesStore extends InMemoryCheckpointStore {
  private readonly names = new Map<string, GlobalPosition>();

  override async get(name: string): Promise<GlobalPosition | null> {
    return this.names.get(name) ?? null;
  }

  override async set(name: string, position: GlobalPosition): Promise<void> {
    this.names.set(name, position);
  }

  override async delete(name: string): Promise<void> {
    this.names.delete(name);
  }
}

/** Drops the acceptResends option: every resend is refused as a duplicate. */
export class IgnoresResendsStore extends DelegatingStore {
  override append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    return this.inner.append(streamId, events, { expectedVersion: options?.expectedVersion });
  }
}

/**
 * Accepts resends in two steps: looks the ids up in the log, then appends the rest. It compares
 * nothing (an id stored anywhere, with any content, passes as resent), and between the two steps
 * another client can store the same event.
 */
export class ResendsByIdOnlyStore extends DelegatingStore {
  override async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    if (!options?.acceptResends) return this.inner.append(streamId, events, options);
    const stored = new Map<string, RecordedEvent>();
    for await (const event of this.inner.readAll()) stored.set(event.eventId, event);
    const fresh = events.filter((event) => event.eventId === undefined || !stored.has(event.eventId));
    const alreadyStored = events.flatMap((event) => (event.eventId !== undefined && stored.has(event.eventId) ? [stored.get(event.eventId)!] : []));
    if (fresh.length === 0) {
      const last = alreadyStored[alreadyStored.length - 1]!;
      return { streamId, version: last.version, position: last.position, events: [], alreadyStored };
    }
    const result = await this.inner.append(streamId, fresh, { expectedVersion: options.expectedVersion });
    return { ...result, alreadyStored };
  }
}

/** Compares resends properly, but looks them up and appends the rest in two steps: concurrent resends collide. */
export class CheckThenAppendResendsStore extends DelegatingStore {
  override async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    if (!options?.acceptResends) return this.inner.append(streamId, events, options);
    const stored = new Map<string, RecordedEvent>();
    for await (const event of this.inner.readStream(streamId)) stored.set(event.eventId, event);
    const alreadyStored: RecordedEvent[] = [];
    const fresh = events.filter((event) => {
      const copy = event.eventId === undefined ? undefined : stored.get(event.eventId);
      if (!copy || copy.type !== event.type || JSON.stringify(copy.data) !== JSON.stringify(event.data)) return true;
      alreadyStored.push(copy);
      return false;
    });
    if (fresh.length === 0) {
      const last = alreadyStored[alreadyStored.length - 1]!;
      return { streamId, version: last.version, position: last.position, events: [], alreadyStored };
    }
    const result = await this.inner.append(streamId, fresh, { expectedVersion: options.expectedVersion });
    return { ...result, alreadyStored };
  }
}

/** Ignores the upper bounds of readAll (`upTo`, `occurredBefore`): reads to the head. */
export class IgnoresUpperBoundsStore extends DelegatingStore {
  override readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const { upTo: _upTo, occurredBefore: _occurredBefore, ...rest } = options;
    return this.inner.readAll(rest);
  }
}

/** Treats `upTo` as exclusive (an off-by-one `<` instead of `<=`). */
export class ExclusiveUpToStore extends DelegatingStore {
  override async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    for await (const event of this.inner.readAll(options)) {
      if (options.upTo !== undefined && this.inner.comparePositions(event.position, options.upTo) >= 0) return;
      yield event;
    }
  }
}

/** Keeps data and metadata the way Postgres `jsonb` does: object keys sorted, shorter keys first. */
export class SortsKeysStore extends DelegatingStore {
  override append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    return this.inner.append(
      streamId,
      events.map((event) => ({ ...event, data: sortKeys(event.data), metadata: sortKeys(event.metadata) as NewEvent['metadata'] })),
      options,
    );
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
}

/** Keeps numbers with 15 significant digits, as Postgres `float8` output did before version 12. */
export class FifteenDigitNumbersStore extends DelegatingStore {
  override append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    return this.inner.append(
      streamId,
      events.map((event) => ({ ...event, data: mapNumbers(event.data, (value) => Number(value.toPrecision(15))) })),
      options,
    );
  }
}

function mapNumbers(value: unknown, change: (value: number) => number): unknown {
  if (typeof value === 'number') return change(value);
  if (Array.isArray(value)) return value.map((item: unknown) => mapNumbers(item, change));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapNumbers(item, change)]));
}

/** Offers `appendImmediately`, and ignores `expectedVersion` in it. */
export class ImmediateIgnoresExpectedVersionStore extends DelegatingStore {
  appendImmediately(streamId: string, events: readonly NewEvent[]): AppendResult | undefined {
    return this.inner.appendImmediately(streamId, events, { expectedVersion: 'any' });
  }
}

/** Offers `appendImmediately`, but answers with a promise, as `append` does. */
export class ImmediateReturnsPromiseStore extends DelegatingStore {
  appendImmediately(streamId: string, events: readonly NewEvent[], options?: AppendOptions): AppendResult | undefined {
    return this.inner.append(streamId, events, options) as unknown as AppendResult;
  }
}
