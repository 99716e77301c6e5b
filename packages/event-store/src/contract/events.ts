import type { GlobalPosition } from './position';

/** A JSON value: what event data and metadata must be so that every store can keep it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Free-form metadata. `commandId` is set by Factum's command dispatch; anything else is the user's. */
export interface EventMetadata {
  commandId?: string;
  [key: string]: unknown;
}

/** An event on its way into the store. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  /** Unique across the store. Generated (a UUID) when omitted. */
  eventId?: string;
  /** The version of the event's schema, for upcasting on read. Defaults to 1. */
  schemaVersion?: number;
  /** The command or event that caused this one. */
  causationId?: string;
  /** The conversation (workflow, request) this event belongs to. */
  correlationId?: string;
  metadata?: EventMetadata;
}

/** An event as the store keeps it: the user's data plus where and when it was recorded. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  eventId: string;
  schemaVersion: number;
  streamId: string;
  /** 1 for a stream's first event, then consecutive. */
  version: number;
  /** Where the event sits in the global log (see `GlobalPosition`). */
  position: GlobalPosition;
  occurredAt: Date;
  causationId: string | null;
  correlationId: string | null;
  metadata: EventMetadata;
}
