/** Which streams `listStreams` returns, and from where. */
export interface ListStreamsOptions {
  /** Only streams of this category (the part of the stream id before the first '-'). */
  category?: string;
  /** Only stream ids that start with this text (compared code point for code point). */
  prefix?: string;
  /** Only stream ids strictly after this one in stream-id order: the last id of the previous page. */
  after?: string;
  /** The most streams to return; unlimited when omitted. */
  limit?: number;
  /** Also return deleted streams (marked `deleted: true`). Default false: a deleted stream is gone for readers. */
  includeDeleted?: boolean;
}

/** One stream as `listStreams` describes it. */
export interface StreamInfo {
  streamId: string;
  /** The version of its last event (a listed stream always has one). */
  version: number;
  /** When its last event was recorded (that event's `occurredAt`). */
  lastEventAt: Date;
  /** Whether the stream has been deleted; only ever true with `includeDeleted`. */
  deleted: boolean;
}

/**
 * The order of `listStreams`: by Unicode code point, which is the byte order of UTF-8 (Postgres
 * `collate "C"`). Not JavaScript's `<` on strings, which compares UTF-16 code units and puts
 * U+FFFD after an emoji. Paging with `after` relies on every store using this one order.
 */
export function compareStreamIds(a: string, b: string): number {
  if (a === b) return 0;
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const difference = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
}
