import type { EventStore, RecordedEvent } from '@factum/event-store';
import { ConsoleRequestError } from '../errors/console-errors';

/** The most events of one conversation a trace reads: a trace is for reading, not for bulk export. */
export const MAX_TRACE_EVENTS = 2_000;

/** One event by id (the last link of its causation chain), or a 404. */
export async function findEvent(store: EventStore, eventId: string): Promise<{ event: RecordedEvent; causes: RecordedEvent[] }> {
  if (!store.readCausationChain) throw new ConsoleRequestError(404, 'This store cannot look events up by id (it has no readCausationChain).');
  const chain = await store.readCausationChain(eventId);
  const event = chain[chain.length - 1];
  if (!event || event.eventId !== eventId) throw new ConsoleRequestError(404, `No event with id '${eventId}'.`);
  return { event, causes: chain.slice(0, -1) };
}

/** Every event of a conversation, in log order, up to `MAX_TRACE_EVENTS`. */
export async function readConversation(store: EventStore, correlationId: string): Promise<{ events: RecordedEvent[]; truncated: boolean }> {
  if (!store.readCorrelated) throw new ConsoleRequestError(404, 'This store cannot read conversations (it has no readCorrelated).');
  const events: RecordedEvent[] = [];
  for await (const event of store.readCorrelated(correlationId, { limit: MAX_TRACE_EVENTS + 1 })) events.push(event);
  return { events: events.slice(0, MAX_TRACE_EVENTS), truncated: events.length > MAX_TRACE_EVENTS };
}
