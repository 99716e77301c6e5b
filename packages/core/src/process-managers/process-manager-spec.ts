import { copyJson } from '../messages/copy-json';
import { toFrozenJson, type GlobalPosition, type JsonValue, type PositionComparator, type ProcessStateStore, type RecordedEvent } from '@factum/event-store';
import { decodeEvent } from '../messages/decode-event';
import type { SubscriberModel } from '../subscriptions/subscriber-model';
import type { ProcessManagerOptions } from '../subscriptions/subscriber-options';
import type { SubscriberSpec } from '../subscriptions/subscriber-spec';
import { LiveProcessContext, type Dispatch } from './live-process-context';
import { ProcessKeyError } from './process-key-error';

export interface ProcessManagerDependencies {
  /** Reads committed instance state (outside units of work). */
  processStates: ProcessStateStore;
  comparePositions: PositionComparator;
  dispatch: Dispatch;
}

type Staged = { state: JsonValue; position: GlobalPosition | null } | null;

/**
 * Compiles a process manager into what the runtime runs. Handlers run outside any transaction
 * (their commands are dispatched, and committed, as they go); the instance states they leave are
 * staged and saved in the unit of work that moves the checkpoint past their events. After a
 * crash in between, the events are delivered again: the handlers recompute the same commands
 * with the same ids from the same saved state, and idempotent dispatch executes none twice.
 */
export function processManagerSpec(model: SubscriberModel, instance: object, dependencies: ProcessManagerDependencies): SubscriberSpec {
  const { name, handlers } = model;
  const options = model.declaration.options as ProcessManagerOptions;
  const staged = new Map<string, Staged>();
  const target = instance as Record<string | symbol, unknown>;

  const current = async (key: string): Promise<Staged | undefined> => {
    if (staged.has(key)) return staged.get(key);
    const saved = await dependencies.processStates.load(name, key);
    return saved ? { state: saved.state, position: saved.position } : undefined;
  };

  const keyOf = (event: RecordedEvent) => {
    const handler = handlers.get(event.type)!;
    const decoded = decodeEvent(handler.definition, event);
    const key = handler.options.key ? handler.options.key(decoded.data, decoded) : decoded.correlationId;
    return { handler, decoded, key: typeof key === 'string' && key.length > 0 ? key : null };
  };

  return {
    name,
    kind: 'process-manager',
    startFrom: 'head',
    eventTypes: [...handlers.keys()],
    atomic: false,
    strong: false,
    rebuildable: false,
    batchSize: options.batchSize,
    retry: options.retry,
    onError: options.onError,
    // One instance never spans two partitions: its events are partitioned by its key.
    partitionKey: options.partitionBy ?? ((event) => keyOf(event).key ?? event.eventId),
    async handle(event: RecordedEvent): Promise<void> {
      const { handler, decoded, key } = keyOf(event);
      if (key === null) throw new ProcessKeyError(name, event.type, event.eventId);
      const instanceState = await current(key);
      // No instance and not a starting event: the event is not for this process manager.
      if (!instanceState && !handler.options.start) return;
      // Saved state already includes this event (it was handled, but its checkpoint not yet moved).
      if (instanceState?.position && dependencies.comparePositions(instanceState.position, event.position) >= 0) return;
      const state = instanceState && instanceState.state !== null ? copyJson(instanceState.state) : undefined;
      const context = new LiveProcessContext<unknown>(name, key, state, decoded, dependencies.dispatch);
      try {
        await (target[handler.method] as (event: unknown, context: unknown) => unknown).call(instance, decoded, context);
      } finally {
        context.close();
      }
      if (handler.options.end || context.ended) staged.set(key, null);
      else staged.set(key, { state: toFrozenJson(context.state ?? null, `state of process '${name}' (${key})`), position: event.position });
    },
    async flush(session) {
      const entries = [...staged];
      staged.clear();
      for (const [key, value] of entries) {
        if (value === null) await session.processStates.delete(name, key);
        else await session.processStates.save({ processName: name, key, state: value.state, position: value.position });
      }
    },
    discard() {
      staged.clear();
    },
  };
}
