import { ConfigurationError } from '../errors/configuration-error';
import type { AnyEventDefinition } from '../messages/message';
import type { SubscriberClass } from './subscriber-class';
import { checkSubscriberName } from './subscriber-name';
import { kindName, onDeclarationsOf, subscriberDeclarationOf, type OnOptions, type SubscriberDeclaration } from './subscriber-metadata';
import type { SubscriberKind } from './subscriber-status';

export interface OnHandler {
  definition: AnyEventDefinition;
  method: string | symbol;
  options: OnOptions;
}

/** A checked subscriber class: its declaration and one `@On` handler per event type. */
export interface SubscriberModel {
  type: SubscriberClass;
  declaration: SubscriberDeclaration;
  name: string;
  /** By event type. */
  handlers: ReadonlyMap<string, OnHandler>;
}

const LIST: Record<SubscriberKind, string> = { projector: 'projectors', 'event-handler': 'eventHandlers', 'process-manager': 'processManagers' };

/** Reads and checks what the decorators recorded on `type`, expected to be of `kind`. */
export function subscriberModelOf(type: unknown, kind: SubscriberKind): SubscriberModel {
  const where = `createApp({ ${LIST[kind]} })`;
  if (typeof type !== 'function') throw new ConfigurationError(`${where} got ${String(type)}; list classes (undefined may mean a circular import).`);
  const className = type.name || 'A class';
  const declaration = subscriberDeclarationOf(type);
  if (!declaration) throw new ConfigurationError(`${className} in ${where} has no ${kindName(kind)}({ name }) decorator.`);
  if (declaration.kind !== kind) {
    throw new ConfigurationError(
      `${className} is a ${kindName(declaration.kind)}, but is listed in ${where}; list it in createApp({ ${LIST[declaration.kind]} }).`,
    );
  }
  const name = declaration.options?.name;
  if (typeof name !== 'string' || name.length === 0 || name.trim() !== name) {
    throw new ConfigurationError(
      `${kindName(kind)} on ${className} needs a name: a non-empty string, without surrounding spaces, not starting with '$'. It is what the checkpoint is stored under.`,
    );
  }
  checkSubscriberName(name, `${kindName(kind)} on ${className}`);
  const handlers = new Map<string, OnHandler>();
  for (const on of onDeclarationsOf(type)) {
    const definition = on.event as AnyEventDefinition | undefined;
    const method = String(on.method);
    if (typeof definition !== 'function' || definition.kind !== 'event') {
      throw new ConfigurationError(
        `@On on ${className}.${method} needs an event definition (from defineEvent); got ${definition === undefined ? 'undefined (a circular import?)' : typeof definition}.`,
      );
    }
    if (typeof (type.prototype as Record<string | symbol, unknown>)[on.method] !== 'function') {
      throw new ConfigurationError(`@On(${definition.type}) marks ${className}.${method}, which is not a method.`);
    }
    const existing = handlers.get(definition.type);
    if (existing) {
      // A subclass may override its base class's handler for a type; two in one class are a mistake.
      if (existing.method === on.method) continue;
      throw new ConfigurationError(`${className} has two @On(${definition.type}) methods (${String(existing.method)} and ${method}); keep one.`);
    }
    const options = on.options ?? {};
    if (kind !== 'process-manager' && (options.start || options.end || options.key)) {
      throw new ConfigurationError(`@On(${definition.type}, { start, end, key }) on ${className}.${method}: those options are for process managers only.`);
    }
    if (options.key !== undefined && typeof options.key !== 'function') {
      throw new ConfigurationError(`@On(${definition.type}) on ${className}.${method}: key must be a function of the event, e.g. (e) => e.transferId.`);
    }
    handlers.set(definition.type, { definition, method: on.method, options });
  }
  if (handlers.size === 0) throw new ConfigurationError(`${className} has no @On(Event) method; a subscriber must handle at least one event type.`);
  if (kind === 'process-manager' && ![...handlers.values()].some((handler) => handler.options.start)) {
    throw new ConfigurationError(`Process manager ${className} has no @On(Event, { start: true }): no event would ever start an instance.`);
  }
  return { type: type as SubscriberClass, declaration, name, handlers };
}
