import { injectable } from 'inversify';
import { declareSubscriber } from './subscriber-metadata';
import type { EventHandlerOptions } from './subscriber-options';
import type { SubscriberClass } from './subscriber-class';

/**
 * Marks a class whose `@On` methods have side effects (e-mails, calls to other systems). By
 * default it starts at the head of the log (no history on its first start) and resumes from its
 * checkpoint; delivery is at least once, so make the effects idempotent.
 */
export function EventHandler(options: EventHandlerOptions): <C extends SubscriberClass>(target: C) => void {
  return (target) => {
    declareSubscriber(target, { kind: 'event-handler', options });
    injectable()(target);
  };
}
