import type { AnyEventDefinition, EventOf } from '../messages/message';
import type { DecodedEvent } from '../messages/decode-event';
import type { SubscriberKind } from './subscriber-status';
import type { EventHandlerOptions, ProcessManagerOptions, ProjectorOptions } from './subscriber-options';

/**
 * What the subscriber decorators record, as reflect-metadata on the class. Decorators only
 * record; everything is checked when the app is built (`subscriberModelOf`), so a mistake is a
 * `ConfigurationError` from `createApp`, not a crash while modules load.
 */
export type SubscriberDeclaration =
  | { kind: 'projector'; options: ProjectorOptions }
  | { kind: 'event-handler'; options: EventHandlerOptions }
  | { kind: 'process-manager'; options: ProcessManagerOptions };

/** `@On` options; `start`, `end` and `key` are for process managers. */
export interface OnOptions<Definition extends AnyEventDefinition = AnyEventDefinition> {
  /** This event starts an instance (when none exists for its key). */
  start?: boolean;
  /** The instance ends after this event is handled: its state is deleted. */
  end?: boolean;
  /**
   * The correlation key of the instance the event belongs to, e.g. `(e) => e.transferId`.
   * Defaults to the event's correlation id (commands a process manager dispatches carry it on).
   */
  key?: (data: EventOf<Definition>, event: DecodedEvent<Definition>) => string;
}

export interface OnDeclaration {
  event: unknown;
  method: string | symbol;
  options: OnOptions;
}

const SUBSCRIBER = Symbol('factum:subscriber');
const ON = Symbol('factum:on');

export function declareSubscriber(type: object, declaration: SubscriberDeclaration): void {
  Reflect.defineMetadata(SUBSCRIBER, declaration, type);
}

export function declareOn(type: object, declaration: OnDeclaration): void {
  const own = (Reflect.getOwnMetadata(ON, type) as OnDeclaration[] | undefined) ?? [];
  Reflect.defineMetadata(ON, [...own, declaration], type);
}

export function subscriberDeclarationOf(type: object): SubscriberDeclaration | undefined {
  return Reflect.getOwnMetadata(SUBSCRIBER, type) as SubscriberDeclaration | undefined;
}

/** `@On` declarations of a class and its base classes; a subclass's own come first. */
export function onDeclarationsOf(type: object): OnDeclaration[] {
  const all: OnDeclaration[] = [];
  for (let current: object | null = type; current && current !== Function.prototype; current = Object.getPrototypeOf(current) as object | null) {
    all.push(...((Reflect.getOwnMetadata(ON, current) as OnDeclaration[] | undefined) ?? []));
  }
  return all;
}

export function kindName(kind: SubscriberKind): string {
  return kind === 'projector' ? '@Projector' : kind === 'event-handler' ? '@EventHandler' : '@ProcessManager';
}
