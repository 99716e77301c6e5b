import type { $ZodType, input, output } from 'zod/v4/core';

/** Any zod schema (classic `zod` or `zod/mini`). Message data must be JSON: it is stored as such. */
export type MessageSchema = $ZodType;

/** A command: what someone asks the system to do. Plain data, so it can come from anywhere (HTTP, a queue). */
export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** An event: a fact an aggregate emits. */
export interface Event<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  /** The schema version of `data`; set by the definition's factory (`AccountOpened(data)`), so a store records it. */
  readonly schemaVersion?: number;
}

/** What every command definition has, whatever its schema; use it as a constraint. */
export interface AnyCommandDefinition {
  (data: never): Command;
  readonly kind: 'command';
  readonly type: string;
  readonly schema: MessageSchema;
}

/** What every event definition has, whatever its schema; use it as a constraint. */
export interface AnyEventDefinition {
  (data: never): Event;
  readonly kind: 'event';
  readonly type: string;
  readonly schema: MessageSchema;
  /** The current schema version: what new events are written as, and what upcasting reads into. */
  readonly version: number;
  /** Upcasters by the version they read: `upcasters.get(1)` turns version-1 data into version 2. */
  readonly upcasters: ReadonlyMap<number, Upcaster>;
}

/**
 * Turns data of one schema version into the next. Type its parameter with the old shape; the
 * result is checked against the current schema once every upcaster has run.
 */
export type Upcaster = { bivarianceHack(data: unknown): unknown }['bivarianceHack'];

// Not `extends AnyCommandDefinition`: that would add its catch-all call signature as an overload
// (and `ReturnType`/`Parameters` would pick it). It is still assignable to AnyCommandDefinition.
/** `OpenAccount` from `defineCommand('OpenAccount', schema)`: call it to make a command. */
export interface CommandDefinition<Type extends string = string, Schema extends MessageSchema = MessageSchema> {
  (data: input<Schema>): Command<Type, input<Schema>>;
  readonly kind: 'command';
  readonly type: Type;
  readonly schema: Schema;
}

/** `AccountOpened` from `defineEvent('AccountOpened', schema)`: call it to make an event to emit. */
export interface EventDefinition<Type extends string = string, Schema extends MessageSchema = MessageSchema> {
  (data: input<Schema>): Event<Type, input<Schema>>;
  readonly kind: 'event';
  readonly type: Type;
  readonly schema: Schema;
  readonly version: number;
  readonly upcasters: ReadonlyMap<number, Upcaster>;
}

/** The data a command handler receives for a command definition: the schema's output. */
export type CommandOf<Definition extends AnyCommandDefinition> = output<Definition['schema']>;

/** The data an `@Apply` (or any event handler) receives for an event definition: the schema's output. */
export type EventOf<Definition extends AnyEventDefinition> = output<Definition['schema']>;

/** Whether a value is a definition made by defineCommand / defineEvent (of that kind). */
export function isMessageDefinition(value: unknown, kind: 'command' | 'event'): boolean {
  return typeof value === 'function' && (value as { kind?: unknown }).kind === kind && typeof (value as { type?: unknown }).type === 'string';
}
