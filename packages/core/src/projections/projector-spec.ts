import type { RecordedEvent, SubscriberSession } from '@factum/event-store';
import { decodeEvent } from '../messages/decode-event';
import type { SubscriberModel } from '../subscriptions/subscriber-model';
import type { EventHandlerOptions, ProjectorOptions } from '../subscriptions/subscriber-options';
import type { SubscriberSpec } from '../subscriptions/subscriber-spec';
import type { ProjectionContext } from './projection-context';

type Invocable = Record<string | symbol, unknown>;

/** Compiles a projector or event handler class (with its instance) into what the runtime runs. */
export function projectorSpec(model: SubscriberModel, instance: object, options: { inProcess?: boolean } = {}): SubscriberSpec {
  const { declaration, name, handlers } = model;
  const projector = declaration.kind === 'projector';
  const declared = declaration.options as ProjectorOptions | EventHandlerOptions;
  const target = instance as Invocable;
  // One context per unit of work (its session), not one per event.
  let lastSession: SubscriberSession | null | undefined;
  let lastContext: ProjectionContext<unknown> | undefined;
  const context = (session: SubscriberSession | null): ProjectionContext<unknown> => {
    if (session !== lastSession || !lastContext) {
      lastSession = session;
      lastContext = Object.freeze({ subscriber: name, tx: session?.tx });
    }
    return lastContext;
  };
  const reset = target['reset'];
  return {
    name,
    kind: declaration.kind,
    startFrom: declared.startFrom ?? (projector ? 'origin' : 'head'),
    eventTypes: [...handlers.keys()],
    atomic: declared.transactional === true,
    inProcess: options.inProcess === true,
    strong: (declared.consistency ?? (projector ? 'strong' : 'eventual')) === 'strong',
    rebuildable: projector,
    batchSize: declared.batchSize,
    retry: declared.retry,
    onError: declared.onError,
    partitionKey: declared.partitionBy,
    async handle(event: RecordedEvent, session: SubscriberSession | null): Promise<void> {
      const handler = handlers.get(event.type)!;
      const decoded = decodeEvent(handler.definition, event);
      await (target[handler.method] as (event: unknown, context: unknown) => unknown).call(instance, decoded, context(session));
    },
    reset: typeof reset === 'function' ? async (session) => void (await reset.call(instance, context(session))) : undefined,
  };
}
