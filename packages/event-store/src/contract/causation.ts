import type { RecordedEvent } from './events';
import type { GlobalPosition } from './position';

/**
 * The causation model, the same for every store and every message:
 * - `correlationId`: the conversation. The id of the message that started it (in Factum the
 *   first command's id), carried unchanged by every event and command that follows from it.
 * - `causationId`: the message this event follows from. An event appended by a command that a
 *   process manager (or any handler) dispatched in reaction to event E has `causationId` E's id;
 *   an event appended by a command that came from outside has the command's own id (or the
 *   cause the caller gave, e.g. a request id). The command in between is named on every event
 *   it appended, in `metadata.commandId` and `metadata.commandType`.
 * So the log alone holds the whole graph: walking `causationId` from event to event reaches
 * the first event of the conversation, whose `causationId` is the first command; and the
 * effects of a message are the events whose `causationId` is its id, and theirs, and so on.
 */
export interface ReadCorrelatedOptions {
  /** Return events strictly after this position; from the conversation's first event when omitted. */
  after?: GlobalPosition;
  /** The most events to return; unlimited when omitted. */
  limit?: number;
}

/** One message of a causation tree: an event of the log, or (at the root) a command or request id that is not in it. */
export interface CausationNode {
  /** The event's id, or the root's id when the root is not an event (a command id). */
  id: string;
  /** The event, absent for a root that is not an event of the log. */
  event?: RecordedEvent;
  /** The events that follow from this message, in log order. */
  effects: CausationNode[];
}

/**
 * The tree of effects of `rootId` (an event id, or a command id that events name as their
 * cause) among `events` (e.g. `readCorrelated(correlationId)`, in log order). Events that do not
 * descend from the root are left out; an event is placed once, even if causation ids form a loop.
 */
export function causationTree(events: Iterable<RecordedEvent>, rootId: string): CausationNode {
  const byCause = new Map<string, RecordedEvent[]>();
  let rootEvent: RecordedEvent | undefined;
  for (const event of events) {
    if (event.eventId === rootId) rootEvent = event;
    if (event.causationId === null) continue;
    byCause.set(event.causationId, [...(byCause.get(event.causationId) ?? []), event]);
  }
  const placed = new Set<string>([rootId]);
  const grow = (node: CausationNode): CausationNode => {
    for (const effect of byCause.get(node.id) ?? []) {
      if (placed.has(effect.eventId)) continue;
      placed.add(effect.eventId);
      node.effects.push(grow({ id: effect.eventId, event: effect, effects: [] }));
    }
    return node;
  };
  return grow(rootEvent ? { id: rootId, event: rootEvent, effects: [] } : { id: rootId, effects: [] });
}
