import { randomFillSync } from 'node:crypto';
import { uuidText } from '../ids/uuid-text';

/** `xxxxxxxx-xxxx-8xxx-yxxx-`: the part of a generated id that one store shares by all its ids. */
const PREFIX_LENGTH = 24;
/** The rest: a counter in lowercase hex, zero-padded, so that each counter has exactly one id. */
const COUNTER_DIGITS = 12;
const ID_LENGTH = PREFIX_LENGTH + COUNTER_DIGITS;
const MAX_COUNTER = 16 ** COUNTER_DIGITS - 1;
const HEX = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/**
 * The event ids of one `InMemoryEventStore`, and where in the log each event is: what the
 * store-wide duplicate check and a resend's lookup ask on every append.
 *
 * A `Map` of every id answers that exactly, but with hundreds of thousands of events each lookup
 * is a few cache misses in a large table, and each entry is some 40 bytes the garbage collector
 * walks. So the ids this store generates are made findable without a table: a version 8 UUID
 * (RFC 9562) whose first 20 hex digits are the same for all of one store's ids (74 random bits)
 * and whose last 12 are a counter, so the n-th generated id names the n-th slot of an array.
 * Only the ids callers choose go into a `Map`. The check stays exact: a chosen id that has the form of one of this store's ids is found
 * either in its slot (a counter already issued) or in the map, and a counter whose id a caller
 * chose beforehand is skipped when issued.
 */
export class InMemoryEventIds {
  private readonly text = new Uint8Array(ID_LENGTH);
  private readonly prefix: string;
  /** How many counters `issue` has handed out; the ids of appends that failed are never stored. */
  private issued = 0;
  /** Slot n - 1 holds the log index of the event whose id has counter n, or -1 while there is none. */
  private readonly byCounter: number[] = [];
  /** The log index of every other stored event, by the id its caller chose. */
  private readonly chosen = new Map<string, number>();
  /** Whether a caller chose an id of this store's form, for a counter not issued yet. */
  private chosenAhead = false;
  /** The id `issue` returned last (its counter is `issued`): an append's own new id is known without reading its digits. */
  private lastIssued = '';

  constructor() {
    this.prefix = randomPrefix();
    for (let index = 0; index < PREFIX_LENGTH; index++) this.text[index] = this.prefix.charCodeAt(index);
  }

  /** A new id, different from every id stored or issued before. Bound, for `validateAppend`. */
  readonly issue = (): string => {
    for (;;) {
      if (this.issued === MAX_COUNTER) throw new RangeError('this in-memory store has generated all the event ids it can');
      const id = this.textOf(++this.issued);
      if (!this.chosenAhead || !this.chosen.has(id)) return (this.lastIssued = id);
    }
  };

  /** The log index of the stored event with this id, or -1 when none has it. */
  find(eventId: string): number {
    const counter = this.counterOf(eventId);
    if (counter !== 0) {
      const index = counter <= this.byCounter.length ? this.byCounter[counter - 1]! : -1;
      if (index >= 0) return index;
      // Only an id chosen ahead of its counter can be of this form and still be in the map.
      if (!this.chosenAhead) return -1;
    }
    return this.chosen.get(eventId) ?? -1;
  }

  /**
   * Notes a stored event's id and its log index (the id was checked with `find` first), and
   * returns how the log keeps it: the counter of an id this store generated (a number, which the
   * garbage collector never visits), or else the id itself.
   */
  add(eventId: string, index: number): number | string {
    const counter = this.counterOf(eventId);
    if (counter === 0 || counter > this.issued) {
      if (counter !== 0) this.chosenAhead = true;
      this.chosen.set(eventId, index);
      return eventId;
    }
    // Counters issued to appends that failed leave empty slots.
    while (this.byCounter.length < counter - 1) this.byCounter.push(-1);
    if (this.byCounter.length === counter - 1) this.byCounter.push(index);
    else this.byCounter[counter - 1] = index;
    return counter;
  }

  /** The counter an id of this store's form stands for, or 0 for any other id. */
  private counterOf(eventId: string): number {
    if (eventId === this.lastIssued) return this.issued;
    if (eventId.length !== ID_LENGTH || !eventId.startsWith(this.prefix)) return 0;
    let counter = 0;
    for (let index = PREFIX_LENGTH; index < ID_LENGTH; index++) {
      const code = eventId.charCodeAt(index);
      const digit = code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1;
      if (digit < 0) return 0;
      counter = counter * 16 + digit;
    }
    return counter;
  }

  /** The id of a counter: written into a byte array and made into one flat string. */
  textOf(counter: number): string {
    const { text } = this;
    let rest = counter;
    for (let index = ID_LENGTH - 1; index >= PREFIX_LENGTH; index--) {
      text[index] = HEX[rest % 16]!;
      rest = Math.floor(rest / 16);
    }
    return uuidText(text);
  }
}

/** `xxxxxxxx-xxxx-8xxx-yxxx-`: 20 hex digits, 74 of their bits random. */
function randomPrefix(): string {
  const random = new Uint8Array(10);
  randomFillSync(random);
  // The version (8) and variant (10xx) bits of RFC 9562.
  random[6] = (random[6]! & 0x0f) | 0x80;
  random[8] = (random[8]! & 0x3f) | 0x80;
  const hex = Buffer.from(random).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-`;
}
