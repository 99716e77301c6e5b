import type { GlobalPosition, JsonValue, RecordedEvent } from '@factum/event-store';
import type { Command } from '../messages/message';
import type { ConsistencyOptions } from '../subscriptions/consistency-options';

/** JSON metadata a caller attaches to a command; it is copied onto every event the command emits. */
export type UserMetadata = { readonly [key: string]: JsonValue };

export interface DispatchOptions extends ConsistencyOptions {
  /**
   * Identifies this command for idempotency: a command id already handled on its stream is not
   * executed again, dispatch returns the earlier result. Generated (a UUID) when omitted.
   */
  commandId?: string;
  /** The conversation this command belongs to; defaults to the command id (it starts one). */
  correlationId?: string;
  /** What caused this command (e.g. the id of the event a process manager reacted to). */
  causationId?: string;
  metadata?: UserMetadata;
}

/** What a command handler can know about the command beyond its data. */
export interface CommandContext {
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly metadata: UserMetadata;
}

/** What dispatch resolves with, once the events are committed. */
export interface DispatchResult {
  streamId: string;
  /** The stream's version after the command. */
  version: number;
  /** The global position of the last event appended; `null` when the command appended nothing. */
  position: GlobalPosition | null;
  /** The events the command appended (for an already handled command: the ones it appended then). */
  events: RecordedEvent[];
  commandId: string;
  /** True when the command id had been handled on this stream before: nothing new was appended. */
  alreadyHandled: boolean;
}

/** One dispatch as middleware sees it; the command has passed validation. */
export interface DispatchContext extends CommandContext {
  /** The validated command: its data is the schema's output. */
  readonly command: Command;
  /** The stream of the aggregate that will handle it. */
  readonly streamId: string;
  /** Metadata for the events; middleware may add to it (who, from where, trace ids). */
  readonly metadata: { [key: string]: JsonValue };
  readonly options: DispatchOptions;
}
