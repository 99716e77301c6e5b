import type { EventMetadata, RecordedEvent } from '../contract/events';
import { asGlobalPosition, type GlobalPosition } from '../contract/position';
import { storedTime } from './stored-time';

/** A stream of the in-memory store: the log index of each of its events, in version order. */
export interface InMemoryStream {
  /** The stream's id as first appended: every event of the stream shares this one string. */
  readonly streamId: string;
  /** Its place among the log's streams. */
  readonly ordinal: number;
  readonly indexes: number[];
  deleted: boolean;
}

/** What the log keeps of an event besides its place: what `RecordedEvent` is built from on a read. */
export interface LoggedEvent {
  readonly type: string;
  readonly data: unknown;
  readonly schemaVersion: number;
  readonly causationId: string | null;
  readonly correlationId: string | null;
  readonly metadata: EventMetadata;
}

/** Causation and correlation ids of an event that has two different ones. */
type IdPair = readonly [causationId: string | null, correlationId: string | null];

const POSITION_DIGITS = 16;
const digits = new Uint8Array(POSITION_DIGITS);

/**
 * `index` as 16 decimal digits, zero-padded, as one flat string: `padStart` makes a string of two
 * pieces (the padding and the digits), three objects. `String.fromCharCode` with the codes as
 * arguments makes it in one step, at about half the cost of reading them out of a `Buffer`.
 */
export function encodePosition(index: number): GlobalPosition {
  let rest = index;
  for (let at = POSITION_DIGITS - 1; at >= 0; at--) {
    digits[at] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  const d = digits;
  return asGlobalPosition(
    String.fromCharCode(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!, d[12]!, d[13]!, d[14]!, d[15]!),
  );
}

/** The numbers the log keeps of each event, side by side in one `Float64Array`. */
const STREAM = 0;
const VERSION = 1;
const TYPE = 2;
const SCHEMA_VERSION = 3;
const TIME = 4;
/** The counter of an id the store generated; -1 for an id a caller chose (kept in `chosenIds`). */
const ID_COUNTER = 5;
const STRIDE = 6;
/** Events per page of numbers: a page is never copied, the log only gains pages. */
const PAGE_BITS = 12;
const PAGE_EVENTS = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_EVENTS - 1;

/**
 * The events of one `InMemoryEventStore`, in columns, indexed by the event's place in the log
 * (position n is index n - 1).
 *
 * Why not the `RecordedEvent` objects: a store that keeps 200,000 events kept 1.2 million small
 * objects (the event, its position and id strings besides its data and metadata), each copied
 * twice by the young-generation collector before it settled, and walked by every full
 * collection after. Kept here per event are its data and metadata as the append checked them
 * (frozen JSON: the very objects every read hands out), the causation and correlation ids (one
 * slot when they are the same id, as for a command from outside), and six numbers in typed
 * arrays of 4,096 events, which the collector never visits: the stream and the type (as
 * ordinals), the version, the schema version, the time and, for an id the store generated, its
 * counter. Positions and generated ids are written out again on a read. A read builds a fresh
 * frozen `RecordedEvent` that holds the stored data itself, which nothing can change.
 */
export class InMemoryLog {
  private readonly pages: Float64Array[] = [];
  private count = 0;
  private readonly data: unknown[] = [];
  private readonly metadata: EventMetadata[] = [];
  /** The causation id when it is also the correlation id (null when both are), else both. */
  private readonly links: (string | null | IdPair)[] = [];
  /** The ids callers chose, by log index. */
  private readonly chosenIds = new Map<number, string>();
  private readonly streamList: InMemoryStream[] = [];
  private readonly typeNames: string[] = [];
  private readonly typeOrdinals = new Map<string, number>();
  /** The type appended last and its ordinal: most appends repeat it, and skip the map. */
  private lastType = '';
  private lastTypeOrdinal = -1;
  /** The `Date` reads handed out last: one unchangeable `Date` serves every event of its millisecond. */
  private readTime: Date | undefined;

  constructor(private readonly idText: (counter: number) => string) {}

  get length(): number {
    return this.count;
  }

  /** A new stream, empty: its events come with `push`. */
  newStream(streamId: string): InMemoryStream {
    const stream: InMemoryStream = { streamId, ordinal: this.streamList.length, indexes: [], deleted: false };
    this.streamList.push(stream);
    return stream;
  }

  /**
   * Adds an event at index `length`, the `version`-th of `stream`; `id` is the counter of an id
   * the store generated, or the id the caller chose.
   */
  push(stream: InMemoryStream, version: number, event: LoggedEvent, id: number | string, time: number): void {
    const index = this.count;
    if ((index & PAGE_MASK) === 0) this.pages.push(new Float64Array(PAGE_EVENTS * STRIDE));
    const numbers = this.pages[index >> PAGE_BITS]!;
    const at = (index & PAGE_MASK) * STRIDE;
    numbers[at + STREAM] = stream.ordinal;
    numbers[at + VERSION] = version;
    numbers[at + TYPE] = this.typeOrdinal(event.type);
    numbers[at + SCHEMA_VERSION] = event.schemaVersion;
    numbers[at + TIME] = time;
    if (typeof id === 'number') {
      numbers[at + ID_COUNTER] = id;
    } else {
      numbers[at + ID_COUNTER] = -1;
      this.chosenIds.set(index, id);
    }
    this.data.push(event.data);
    this.metadata.push(event.metadata);
    const { causationId, correlationId } = event;
    this.links.push(causationId === correlationId ? causationId : Object.freeze([causationId, correlationId] as const));
    stream.indexes.push(index);
    this.count = index + 1;
  }

  /** The event at `index` (0 ≤ index < length), as a fresh frozen `RecordedEvent`. */
  eventAt(index: number): RecordedEvent {
    const time = this.timeAt(index);
    let occurredAt = this.readTime;
    if (occurredAt === undefined || occurredAt.getTime() !== time) this.readTime = occurredAt = storedTime(time);
    return Object.freeze({
      type: this.typeAt(index),
      data: this.data[index],
      eventId: this.eventIdAt(index),
      schemaVersion: this.numberAt(index, SCHEMA_VERSION),
      streamId: this.streamAt(index).streamId,
      version: this.versionAt(index),
      position: encodePosition(index + 1),
      occurredAt,
      causationId: this.causationIdAt(index),
      correlationId: this.correlationIdAt(index),
      metadata: this.metadata[index]!,
    });
  }

  streamAt(index: number): InMemoryStream {
    return this.streamList[this.numberAt(index, STREAM)]!;
  }

  typeAt(index: number): string {
    return this.typeNames[this.numberAt(index, TYPE)]!;
  }

  versionAt(index: number): number {
    return this.numberAt(index, VERSION);
  }

  timeAt(index: number): number {
    return this.numberAt(index, TIME);
  }

  eventIdAt(index: number): string {
    const counter = this.numberAt(index, ID_COUNTER);
    return counter >= 0 ? this.idText(counter) : this.chosenIds.get(index)!;
  }

  causationIdAt(index: number): string | null {
    const link = this.links[index]!;
    return typeof link === 'object' && link !== null ? link[0] : link;
  }

  correlationIdAt(index: number): string | null {
    const link = this.links[index]!;
    return typeof link === 'object' && link !== null ? link[1] : link;
  }

  private typeOrdinal(type: string): number {
    if (type === this.lastType) return this.lastTypeOrdinal;
    let ordinal = this.typeOrdinals.get(type);
    if (ordinal === undefined) {
      ordinal = this.typeNames.length;
      this.typeNames.push(type);
      this.typeOrdinals.set(type, ordinal);
    }
    this.lastType = type;
    this.lastTypeOrdinal = ordinal;
    return ordinal;
  }

  private numberAt(index: number, field: number): number {
    return this.pages[index >> PAGE_BITS]![(index & PAGE_MASK) * STRIDE + field]!;
  }
}
