import type { RecordedEvent } from '@factum/event-store';
import { ConfigurationError } from '../errors/configuration-error';
import { decodeEvent, type DecodedEvent } from './decode-event';
import { isMessageDefinition, type AnyCommandDefinition, type AnyEventDefinition } from './message';

/**
 * Every command and event definition an app knows, by type. Two different definitions for one
 * type would make stored data ambiguous, so registering one is a `ConfigurationError`.
 */
export class MessageRegistry {
  private readonly commands = new Map<string, AnyCommandDefinition>();
  private readonly events = new Map<string, AnyEventDefinition>();

  registerCommand(definition: AnyCommandDefinition): void {
    register(this.commands, definition, 'command');
  }

  registerEvent(definition: AnyEventDefinition): void {
    register(this.events, definition, 'event');
  }

  command(type: string): AnyCommandDefinition | undefined {
    return this.commands.get(type);
  }

  event(type: string): AnyEventDefinition | undefined {
    return this.events.get(type);
  }

  commandTypes(): string[] {
    return [...this.commands.keys()];
  }

  eventTypes(): string[] {
    return [...this.events.keys()];
  }

  /** Decodes (upcasts and parses) a stored event by its type; throws for a type nobody registered. */
  decode(recorded: RecordedEvent): DecodedEvent<AnyEventDefinition> {
    const definition = this.events.get(recorded.type);
    if (!definition) {
      throw new ConfigurationError(
        `Event '${recorded.type}' (stream '${recorded.streamId}', version ${recorded.version}) has no definition in this app; ` +
          'register its defineEvent() through an aggregate @Apply or a handler.',
      );
    }
    return decodeEvent(definition, recorded);
  }
}

function register<D extends AnyCommandDefinition | AnyEventDefinition>(map: Map<string, D>, definition: D, kind: D['kind']): void {
  if (!isMessageDefinition(definition, kind)) {
    throw new ConfigurationError(`Expected a ${kind} definition (from define${kind === 'command' ? 'Command' : 'Event'}), got ${describe(definition)}.`);
  }
  const existing = map.get(definition.type);
  if (existing && existing !== definition) {
    throw new ConfigurationError(
      `Two different definitions use the ${kind} type '${definition.type}'. A type names one definition: define it once and import it where needed.`,
    );
  }
  map.set(definition.type, definition);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined (a circular import?)';
  if (typeof value === 'function') return `a function '${value.name}'`;
  return typeof value;
}
