import type { AnyEventDefinition, EventOf } from '../messages/message';
import type { AggregateRoot } from './aggregate-root';
import { declareApplier } from './aggregate-metadata';

/**
 * Marks the method that folds one event type into the aggregate's state. It runs when the
 * aggregate emits the event and whenever the aggregate is rebuilt from its stream, so it only
 * changes fields: no checks, no side effects, no async. Its parameter is the event's data.
 */
export function Apply<Definition extends AnyEventDefinition>(
  event: Definition,
): <Method extends (event: EventOf<Definition>) => void>(target: AggregateRoot, method: string | symbol, descriptor: TypedPropertyDescriptor<Method>) => void {
  return (target, method) => {
    const isStatic = typeof target === 'function';
    declareApplier(isStatic ? target : target.constructor, { event, method, isStatic });
  };
}
