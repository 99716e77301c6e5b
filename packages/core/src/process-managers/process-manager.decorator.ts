import { injectable } from 'inversify';
import { declareSubscriber } from '../subscriptions/subscriber-metadata';
import type { ProcessManagerOptions } from '../subscriptions/subscriber-options';
import type { SubscriberClass } from '../subscriptions/subscriber-class';

/**
 * Marks a class as a process manager: it reacts to new events by dispatching commands, one
 * instance (with persisted state) per correlation key. Hot only: at its first start it begins at
 * the head of the log and never handles history; afterwards it resumes from its checkpoint.
 */
export function ProcessManager(options: ProcessManagerOptions): <C extends SubscriberClass>(target: C) => void {
  return (target) => {
    declareSubscriber(target, { kind: 'process-manager', options });
    injectable()(target);
  };
}
