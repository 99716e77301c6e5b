import { InvalidInputError, streamIdFor } from '@factum/event-store';
import { Container } from 'inversify';
import type { LoadAsOfOptions } from '../aggregates/aggregate-loader';
import { AggregateRepository } from '../aggregates/aggregate-repository';
import { aggregateModelOf, type AggregateModel } from '../aggregates/aggregate-model';
import { AggregateRoot } from '../aggregates/aggregate-root';
import { checkDispatchOptions } from '../commands/check-dispatch-options';
import { CommandDispatcher } from '../commands/command-dispatcher';
import { CommandRouter } from '../commands/command-router';
import type { DispatchOptions, DispatchResult } from '../commands/dispatch-options';
import { aggregateFactory, bindAggregates, isContainerService } from '../di/aggregate-bindings';
import { ConfigurationError } from '../errors/configuration-error';
import { stderrLogger } from '../logging/logger';
import type { Command } from '../messages/message';
import { MessageRegistry } from '../messages/message-registry';
import { AppSubscriptions } from '../subscriptions/app-subscriptions';
import type { App } from './app';
import { DEFAULT_CACHE_SIZE, DEFAULT_IDEMPOTENCY_WINDOW, DEFAULT_MAX_ATTEMPTS, type AppOptions } from './app-options';
import { CommittedEvents } from './committed-events';
import { Lifecycle } from './lifecycle';

/**
 * Builds an app: checks every decorated class (mistakes are `ConfigurationError`s here), binds
 * the aggregates in the container and wires dispatch. Background work begins with `start()`.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const { store } = options;
  if (typeof store?.append !== 'function') throw new ConfigurationError('createApp needs a store, e.g. createApp({ store: new InMemoryEventStore(), ... }).');
  const logger = options.logger ?? stderrLogger;
  const container = options.container ?? new Container();
  const messages = new MessageRegistry();

  const aggregates = aggregateModels(options.aggregates ?? []);
  const router = new CommandRouter(aggregates, messages);
  bindAggregates(container, aggregates);
  for (const model of aggregates) {
    if (model.snapshot && !options.snapshots)
      logger.warn({ aggregate: model.name }, `${model.name} asks for snapshots but the app has no snapshot store; loading replays every event`);
  }

  const repository = new AggregateRepository({
    store,
    snapshots: options.snapshots,
    create: aggregateFactory(container),
    isService: isContainerService(container),
    logger,
    cacheSize: options.cache === false ? 0 : wholeNumber(options.cache?.maxAggregates ?? DEFAULT_CACHE_SIZE, 'cache.maxAggregates', 0),
    maxAttempts: wholeNumber(options.retries?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 'retries.maxAttempts', 1),
    idempotencyWindow: wholeNumber(options.idempotency?.window ?? DEFAULT_IDEMPOTENCY_WINDOW, 'idempotency.window', 0),
  });
  const dispatcher = new CommandDispatcher(router, repository, options.middleware ?? []);
  const dispatchChecked = (command: Command, checked: DispatchOptions): Promise<DispatchResult> => dispatcher.dispatchChecked(command, checked);
  const committed = new CommittedEvents(store, logger);
  const lifecycle = new Lifecycle();
  lifecycle.add(committed);
  const subscriptions = new AppSubscriptions({
    store,
    container,
    messages,
    logger,
    projectors: options.projectors,
    eventHandlers: options.eventHandlers,
    processManagers: options.processManagers,
    options: options.subscriptions,
    dispatch: (command, dispatchOptions) => dispatcher.dispatch(command, dispatchOptions),
  });
  lifecycle.add(subscriptions);

  return {
    // Options are checked before the consistency wrapper reads them: a bad one refuses the command before anything is appended.
    // Not an async function (each one adds promises and ticks to every command), but it never
    // throws: a refusal before the command runs rejects the promise, as every other does.
    dispatch: (command, dispatchOptions) => {
      try {
        return subscriptions.dispatch(dispatchChecked, command, checkDispatchOptions(dispatchOptions));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    load: async (type, id, asOf) => {
      checkAsOf(asOf);
      const model = aggregateModelOf(type);
      if (!aggregates.includes(model)) throw new ConfigurationError(`${model.name} is not one of this app's aggregates; pass it to createApp({ aggregates }).`);
      return (await repository.loadAsOf(model, streamIdFor(model.category, id), asOf)) as InstanceType<typeof type> | null;
    },
    start: () => lifecycle.start(),
    stop: () => lifecycle.stop(),
    events$: committed.events$,
    container,
    messages,
    store,
    logger,
    projections: subscriptions.projections,
    subscribers: subscriptions.subscribers,
  };
}

function aggregateModels(types: AppOptions['aggregates'] & object): AggregateModel[] {
  const models: AggregateModel[] = [];
  const categories = new Map<string, AggregateModel>();
  for (const type of types) {
    if (typeof type !== 'function')
      throw new ConfigurationError(`createApp({ aggregates }) got ${String(type)}; list aggregate classes (undefined may mean a circular import).`);
    if (!isAggregateRootClass(type)) throw new ConfigurationError(`${type.name || 'A class'} in createApp({ aggregates }) does not extend AggregateRoot.`);
    const model = aggregateModelOf(type);
    if (models.includes(model)) throw new ConfigurationError(`${model.name} is listed twice in createApp({ aggregates }).`);
    const sameCategory = categories.get(model.category);
    if (sameCategory)
      throw new ConfigurationError(`${sameCategory.name} and ${model.name} both use the category '${model.category}'; each aggregate needs its own.`);
    categories.set(model.category, model);
    models.push(model);
  }
  return models;
}

function isAggregateRootClass(type: object): boolean {
  return (type as { prototype?: unknown }).prototype instanceof AggregateRoot;
}

function checkAsOf(asOf: LoadAsOfOptions | undefined): void {
  if (asOf?.version !== undefined && (!Number.isSafeInteger(asOf.version) || asOf.version < 0)) {
    throw new InvalidInputError('asOf.version', `${String(asOf.version)} is not a version (a whole number ≥ 0)`);
  }
  if (asOf?.at !== undefined && !(asOf.at instanceof Date && Number.isFinite(asOf.at.getTime()))) {
    throw new InvalidInputError('asOf.at', 'must be a valid Date');
  }
}

function wholeNumber(value: number, option: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new ConfigurationError(`createApp option ${option} is ${String(value)}; use a whole number ≥ ${min}.`);
  return value;
}
