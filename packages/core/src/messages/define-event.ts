import { ConfigurationError } from '../errors/configuration-error';
import type { EventDefinition, MessageSchema, Upcaster } from './message';
import { checkMessageType, checkSchema } from './message-type';

export interface EventOptions {
  /** The schema's version (default 1). Raise it when the shape changes, and add an upcaster. */
  version?: number;
  /**
   * Upcasters keyed by the version they read: `{ 1: (v1) => v2, 2: (v2) => v3 }`. Stored events
   * are never rewritten; old ones are brought to the current shape as they are read.
   */
  upcast?: Readonly<Record<number, Upcaster>>;
}

/**
 * Declares an event: its type name (stored with every event, so never rename it), its zod
 * schema, and how older versions of it are read. Returns a factory for aggregates to `emit`.
 */
export function defineEvent<const Type extends string, Schema extends MessageSchema>(
  type: Type,
  schema: Schema,
  options: EventOptions = {},
): EventDefinition<Type, Schema> {
  checkMessageType(type, 'event');
  checkSchema(schema, type);
  const version = options.version ?? 1;
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new ConfigurationError(`Event '${type}' has version ${String(version)}; a version is a whole number ≥ 1.`);
  }
  const upcasters = new Map<number, Upcaster>();
  for (const [key, upcaster] of Object.entries(options.upcast ?? {})) {
    const from = Number(key);
    if (!Number.isSafeInteger(from) || from < 1 || from >= version) {
      throw new ConfigurationError(
        `Event '${type}' (version ${version}) has an upcaster keyed '${key}'; keys are the versions read, from 1 to ${version - 1}.`,
      );
    }
    if (typeof upcaster !== 'function') throw new ConfigurationError(`Event '${type}': the upcaster from version ${from} is not a function.`);
    upcasters.set(from, upcaster);
  }
  // The event carries its schema version, so appending it straight to a store records the right one.
  const factory = (data: unknown) => ({ type, data, schemaVersion: version });
  Object.defineProperty(factory, 'name', { value: type });
  return Object.freeze(Object.assign(factory, { kind: 'event' as const, type, schema, version, upcasters })) as unknown as EventDefinition<Type, Schema>;
}
