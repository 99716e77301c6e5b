import { injectable } from 'inversify';
import type { AggregateRoot } from './aggregate-root';
import { declareAggregate, type AggregateOptions } from './aggregate-metadata';

/** A concrete aggregate class; constructor parameters are injected from the app's container. */
export type AggregateClass<A extends AggregateRoot = AggregateRoot> = new (...args: never[]) => A;

/**
 * Marks a class as an aggregate whose events live in streams `<category>-<id>`. The class is
 * also made injectable: its constructor parameters come from the app's inversify container.
 */
export function Aggregate(options: AggregateOptions): <C extends AggregateClass>(target: C) => void {
  return (target) => {
    declareAggregate(target, options);
    injectable()(target);
  };
}
