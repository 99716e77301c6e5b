/**
 * What the decorators record, as reflect-metadata on the class. Decorators only record; all
 * checking happens when a model is built (`aggregateModelOf`), so a mistake is one clear
 * `ConfigurationError` when the app is built instead of a crash while modules load.
 */
export interface SnapshotOptions {
  /** Take a snapshot once this many events have been applied since the last one. */
  every: number;
  /**
   * The version of the snapshot's shape (default 1). Raise it when the aggregate's state changes
   * shape: older snapshots are then ignored and the aggregate is rebuilt from its events.
   */
  version?: number;
}

export interface AggregateOptions {
  /** The stream category: streams are named `<category>-<id>`. No '-' in it. */
  category: string;
  /** Load from a snapshot plus the events after it (needs `createApp({ snapshots })`). */
  snapshot?: SnapshotOptions;
}

export interface CommandHandlerDeclaration {
  command: unknown;
  method: string | symbol;
  id: unknown;
  isStatic: boolean;
}

export interface ApplyDeclaration {
  event: unknown;
  method: string | symbol;
  isStatic: boolean;
}

const AGGREGATE = Symbol('factum:aggregate');
const COMMAND_HANDLERS = Symbol('factum:command-handlers');
const APPLIERS = Symbol('factum:appliers');

// Only for better error messages: which classes declare a handler for a command type.
const handlerHints = new Map<string, string>();

export function declareAggregate(type: object, options: AggregateOptions): void {
  Reflect.defineMetadata(AGGREGATE, options, type);
}

export function declareCommandHandler(type: object, declaration: CommandHandlerDeclaration): void {
  const own = (Reflect.getOwnMetadata(COMMAND_HANDLERS, type) as CommandHandlerDeclaration[] | undefined) ?? [];
  Reflect.defineMetadata(COMMAND_HANDLERS, [...own, declaration], type);
  const commandType = (declaration.command as { type?: unknown } | undefined)?.type;
  if (typeof commandType === 'string') handlerHints.set(commandType, (type as { name?: string }).name ?? 'a class');
}

export function declareApplier(type: object, declaration: ApplyDeclaration): void {
  const own = (Reflect.getOwnMetadata(APPLIERS, type) as ApplyDeclaration[] | undefined) ?? [];
  Reflect.defineMetadata(APPLIERS, [...own, declaration], type);
}

export function aggregateOptionsOf(type: object): AggregateOptions | undefined {
  return Reflect.getOwnMetadata(AGGREGATE, type) as AggregateOptions | undefined;
}

export function ownCommandHandlersOf(type: object): readonly CommandHandlerDeclaration[] {
  return (Reflect.getOwnMetadata(COMMAND_HANDLERS, type) as CommandHandlerDeclaration[] | undefined) ?? [];
}

export function ownAppliersOf(type: object): readonly ApplyDeclaration[] {
  return (Reflect.getOwnMetadata(APPLIERS, type) as ApplyDeclaration[] | undefined) ?? [];
}

/** Whether a class (or a base class) declares `@CommandHandler` methods. */
export function hasCommandHandlers(type: object): boolean {
  for (let current: object | null = type; current && current !== Function.prototype; current = Object.getPrototypeOf(current) as object | null) {
    if (ownCommandHandlersOf(current).length > 0) return true;
  }
  return false;
}

/** The name of a class that declares a handler for this command type, if any was loaded. */
export function declaredHandlerHint(commandType: string): string | undefined {
  return handlerHints.get(commandType);
}
