import { ConfigurationError } from '../errors/configuration-error';
import { isMessageDefinition, type AnyCommandDefinition, type AnyEventDefinition } from '../messages/message';
import type { AggregateClass } from './aggregate.decorator';
import { aggregateOptionsOf, ownAppliersOf, ownCommandHandlersOf, type ApplyDeclaration, type CommandHandlerDeclaration } from './aggregate-metadata';

export interface CommandRoute {
  readonly command: AnyCommandDefinition;
  readonly method: string | symbol;
  readonly id: (data: unknown) => string;
  readonly aggregate: AggregateModel;
}

export interface Applier {
  readonly event: AnyEventDefinition;
  readonly method: string | symbol;
}

/** Everything Factum knows about one aggregate class, checked once and cached. */
export interface AggregateModel {
  readonly type: AggregateClass;
  /** For messages only; never used to look anything up. */
  readonly name: string;
  readonly category: string;
  readonly commands: readonly CommandRoute[];
  readonly appliers: ReadonlyMap<string, Applier>;
  readonly snapshot: { readonly every: number; readonly version: number } | null;
  /** The class implements `toSnapshot` and `fromSnapshot` itself. */
  readonly customSnapshot: boolean;
}

const models = new WeakMap<object, AggregateModel>();

/** The model of an `@Aggregate` class; throws `ConfigurationError` naming every problem found. */
export function aggregateModelOf(type: object): AggregateModel {
  let model = models.get(type);
  if (!model) {
    model = buildModel(type);
    models.set(type, model);
  }
  return model;
}

function buildModel(type: object): AggregateModel {
  const name = nameOf(type);
  const options = aggregateOptionsOf(type);
  if (!options) {
    const hasHandlers = ownCommandHandlersOf(type).length > 0 || ownAppliersOf(type).length > 0;
    throw new ConfigurationError(
      hasHandlers
        ? `${name} has @CommandHandler or @Apply methods but no @Aggregate({ category }) decorator; add it.`
        : `${name} is not an aggregate: decorate it with @Aggregate({ category }) and extend AggregateRoot.`,
    );
  }
  const problems: string[] = [];
  const category = options.category;
  if (typeof category !== 'string' || !/^[^\s-]+$/.test(category)) {
    problems.push(`its category ${JSON.stringify(category)} must be a non-empty string without '-' or spaces (streams are '<category>-<id>')`);
  }
  const chain = classChain(type);
  const model: { -readonly [K in keyof AggregateModel]: AggregateModel[K] } = {
    type: type as AggregateClass,
    name,
    category,
    commands: [],
    appliers: new Map(),
    snapshot: null,
    customSnapshot: false,
  };
  model.commands = collectCommands(chain, name, model, problems);
  model.appliers = collectAppliers(chain, name, problems);
  if (options.snapshot !== undefined) {
    const { every, version = 1 } = options.snapshot;
    if (!Number.isSafeInteger(every) || every < 1) problems.push(`snapshot.every is ${String(every)}; use a whole number ≥ 1`);
    if (!Number.isSafeInteger(version) || version < 1) problems.push(`snapshot.version is ${String(version)}; use a whole number ≥ 1`);
    model.snapshot = { every, version };
  }
  const prototype = (type as { prototype: Record<string, unknown> }).prototype;
  const hasTo = typeof prototype['toSnapshot'] === 'function';
  const hasFrom = typeof prototype['fromSnapshot'] === 'function';
  if (hasTo !== hasFrom)
    problems.push(`it implements ${hasTo ? 'toSnapshot' : 'fromSnapshot'} without ${hasTo ? 'fromSnapshot' : 'toSnapshot'}; implement both or neither`);
  model.customSnapshot = hasTo && hasFrom;
  if (problems.length > 0) throw new ConfigurationError(`Aggregate ${name} is misconfigured: ${problems.join('; ')}.`);
  return Object.freeze(model);
}

/** The class and its bases, most derived first, so a subclass inherits its bases' handlers. */
function classChain(type: object): object[] {
  const chain: object[] = [];
  for (let current: object | null = type; current && current !== Function.prototype; current = Object.getPrototypeOf(current) as object | null) {
    chain.push(current);
  }
  return chain;
}

function collectCommands(chain: object[], name: string, model: AggregateModel, problems: string[]): CommandRoute[] {
  const routes = new Map<string, CommandRoute>();
  const overridden = new Set<string | symbol>();
  for (const type of chain) {
    const own = ownCommandHandlersOf(type);
    for (const declaration of own) {
      if (overridden.has(declaration.method)) continue;
      const route = checkCommandHandler(declaration, name, model, problems);
      if (!route) continue;
      const existing = routes.get(route.command.type);
      if (existing) {
        problems.push(
          `command '${route.command.type}' is handled twice (${String(existing.method)} and ${String(route.method)}); a command has exactly one handler`,
        );
        continue;
      }
      routes.set(route.command.type, route);
    }
    for (const declaration of own) overridden.add(declaration.method);
  }
  return [...routes.values()];
}

function checkCommandHandler(declaration: CommandHandlerDeclaration, name: string, model: AggregateModel, problems: string[]): CommandRoute | null {
  const at = `${name}.${String(declaration.method)}`;
  const command = declaration.command as AnyCommandDefinition | undefined;
  if (!command || !isMessageDefinition(command, 'command')) {
    problems.push(
      `${at} has @CommandHandler(${describe(command)}); pass a definition from defineCommand()` +
        (command === undefined ? ' (undefined here usually means a circular import)' : ''),
    );
    return null;
  }
  if (declaration.isStatic) problems.push(`${at} is static; @CommandHandler goes on instance methods`);
  if (typeof declaration.id !== 'function') {
    problems.push(`${at} handles '${command.type}' without an id: use @CommandHandler(${command.type}, { id: (command) => command.someId })`);
    return null;
  }
  return { command, method: declaration.method, id: declaration.id as (data: unknown) => string, aggregate: model };
}

function collectAppliers(chain: object[], name: string, problems: string[]): Map<string, Applier> {
  const appliers = new Map<string, Applier>();
  const overridden = new Set<string | symbol>();
  for (const type of chain) {
    const own = ownAppliersOf(type);
    for (const declaration of own) {
      if (overridden.has(declaration.method)) continue;
      const applier = checkApplier(declaration, name, problems);
      if (!applier) continue;
      const existing = appliers.get(applier.event.type);
      if (existing) {
        problems.push(`event '${applier.event.type}' has two @Apply methods (${String(existing.method)} and ${String(applier.method)}); keep one`);
        continue;
      }
      appliers.set(applier.event.type, applier);
    }
    for (const declaration of own) overridden.add(declaration.method);
  }
  return appliers;
}

function checkApplier(declaration: ApplyDeclaration, name: string, problems: string[]): Applier | null {
  const at = `${name}.${String(declaration.method)}`;
  const event = declaration.event as AnyEventDefinition | undefined;
  if (!event || !isMessageDefinition(event, 'event')) {
    problems.push(
      `${at} has @Apply(${describe(event)}); pass a definition from defineEvent()` +
        (event === undefined ? ' (undefined here usually means a circular import)' : ''),
    );
    return null;
  }
  if (declaration.isStatic) problems.push(`${at} is static; @Apply goes on instance methods`);
  return { event, method: declaration.method };
}

export function nameOf(type: object): string {
  const name = (type as { name?: unknown }).name;
  return typeof name === 'string' && name.length > 0 ? name : 'An anonymous class';
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') {
    const kind = (value as { kind?: unknown }).kind;
    return kind === 'event' || kind === 'command'
      ? `the ${kind} '${(value as unknown as { type: string }).type}'`
      : `the function ${value.name || '(anonymous)'}`;
  }
  return typeof value;
}
