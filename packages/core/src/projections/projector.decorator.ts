import { injectable } from 'inversify';
import { declareSubscriber } from '../subscriptions/subscriber-metadata';
import type { ProjectorOptions } from '../subscriptions/subscriber-options';
import type { SubscriberClass } from '../subscriptions/subscriber-class';

/**
 * Marks a class as a projector: it builds a read model from events, from the origin of the log
 * by default, and can be rebuilt (`app.projections.rebuild(name)`). A `reset(ctx)` method, when
 * present, empties the read model at the start of a rebuild. Resolved from the app's container.
 */
export function Projector(options: ProjectorOptions): <C extends SubscriberClass>(target: C) => void {
  return (target) => {
    declareSubscriber(target, { kind: 'projector', options });
    injectable()(target);
  };
}
