// Why did this happen, and what did it lead to? Read from the log alone, through the store's
// causation reads: every event names the message it follows from (`causationId`) and the
// command that appended it (`metadata.commandId`, `metadata.commandType`).
import { causationTree, FactumError, type CausationNode, type EventStore, type RecordedEvent } from '@factum/event-store';

/** One link of a chain: a command, or an event it appended. */
export type CausationStep = { kind: 'command'; id: string; type: string } | { kind: 'event'; id: string; type: string; streamId: string };

function commandOf(event: RecordedEvent): CausationStep {
  return { kind: 'command', id: String(event.metadata.commandId), type: String(event.metadata['commandType']) };
}

function readsOf(store: EventStore): Required<Pick<EventStore, 'readCausationChain' | 'readCorrelated'>> {
  if (!store.readCausationChain || !store.readCorrelated) {
    throw new FactumError('CAUSATION_READS_UNSUPPORTED', 'This event store has no readCausationChain/readCorrelated; use the in-memory or Postgres store.');
  }
  return store as Required<Pick<EventStore, 'readCausationChain' | 'readCorrelated'>>;
}

/**
 * From an event back to the command that started it all, first cause first: each event preceded
 * by the command that appended it, e.g. RequestTransfer → TransferRequested → Withdraw →
 * MoneyWithdrawn → ... → CompleteTransfer → TransferCompleted.
 */
export async function causesOf(store: EventStore, eventId: string): Promise<CausationStep[]> {
  const chain = await readsOf(store).readCausationChain(eventId);
  return chain.flatMap((event) => [commandOf(event), { kind: 'event', id: event.eventId, type: event.type, streamId: event.streamId } as const]);
}

/** The tree of effects of a command (by its id), from the events of its conversation. */
export async function effectsOf(store: EventStore, commandId: string, correlationId = commandId): Promise<CausationNode> {
  const conversation: RecordedEvent[] = [];
  for await (const event of readsOf(store).readCorrelated(correlationId)) conversation.push(event);
  return causationTree(conversation, commandId);
}

/** The tree as indented lines: each event with the command that appended it, its effects below it. */
export function formatEffects(node: CausationNode, depth = 0): string[] {
  return node.effects.flatMap((effect) => [
    `${'  '.repeat(depth)}${String(effect.event!.metadata['commandType'])} → ${effect.event!.type} (${effect.event!.streamId})`,
    ...formatEffects(effect, depth + 1),
  ]);
}
