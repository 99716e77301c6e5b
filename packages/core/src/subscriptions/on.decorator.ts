import type { DecodedEvent } from '../messages/decode-event';
import type { AnyEventDefinition } from '../messages/message';
import { declareOn, type OnOptions } from './subscriber-metadata';

/**
 * Marks the method that handles one event type in a projector, event handler or process
 * manager. It receives the stored event, upcast and parsed by its definition (typed `data`), and
 * a context: `ProjectionContext` for projectors and event handlers, `ProcessContext` for process
 * managers. Only event types with an `@On` are read by the subscriber at all.
 */
export function On<Definition extends AnyEventDefinition>(
  event: Definition,
  options: OnOptions<Definition> = {},
): <Method extends (event: DecodedEvent<Definition>, context: never) => unknown>(
  target: object,
  method: string | symbol,
  descriptor: TypedPropertyDescriptor<Method>,
) => void {
  return (target, method) => {
    declareOn(target.constructor, { event, method, options: options as OnOptions });
  };
}
