import type { Container, Newable } from 'inversify';
import type { AggregateModel } from '../aggregates/aggregate-model';
import type { AggregateRoot } from '../aggregates/aggregate-root';
import type { IsService } from '../aggregates/aggregate-snapshots';
import { ConfigurationError } from '../errors/configuration-error';

/**
 * Aggregates come from the container so their constructors can take services. One instance
 * holds one stream's state, so they are bound transient (unless the user bound them already).
 */
export function bindAggregates(container: Container, models: readonly AggregateModel[]): void {
  for (const model of models) {
    const type = injectable(model);
    if (!container.isBound(type)) container.bind(type).toSelf().inTransientScope();
  }
}

/** Makes aggregate instances from the container, refusing one it hands out twice (a singleton binding). */
export function aggregateFactory(container: Container): (model: AggregateModel) => AggregateRoot {
  const seen = new WeakSet<object>();
  return (model) => {
    let aggregate: AggregateRoot;
    try {
      aggregate = container.get(injectable(model));
    } catch (error) {
      throw new ConfigurationError(`The container could not build ${model.name}: ${(error as Error).message}. Bind the services its constructor takes.`, {
        cause: error,
      });
    }
    if (!(aggregate instanceof model.type)) throw new ConfigurationError(`The container returned something other than a ${model.name} for ${model.name}.`);
    if (seen.has(aggregate)) {
      throw new ConfigurationError(
        `The container returned the same ${model.name} instance twice; an instance holds one stream's state, so bind it in transient scope.`,
      );
    }
    seen.add(aggregate);
    return aggregate;
  };
}

/** An injected service is an instance of a class the container knows; snapshots leave those out. */
export function isContainerService(container: Container): IsService {
  return (value) => {
    const type: unknown = (Object.getPrototypeOf(value) as { constructor?: unknown } | null)?.constructor;
    return typeof type === 'function' && type !== Object && container.isBound(type as new () => unknown);
  };
}

// An aggregate class takes whatever its constructor declares; inversify types that as any[].
function injectable(model: AggregateModel): Newable<AggregateRoot> {
  return model.type as unknown as Newable<AggregateRoot>;
}
