import type { EventStore } from '../../contract/event-store';

type OptionalMethod = 'listStreams' | 'readCorrelated' | 'readCausationChain';

/**
 * The store with an optional method the case checks, or an error saying how to leave the topic
 * out: a store without the method fails the case, so nothing passes without having been checked.
 */
export function withMethod<Name extends OptionalMethod>(store: EventStore, name: Name, topic: string): EventStore & Required<Pick<EventStore, Name>> {
  if (typeof store[name] !== 'function') {
    throw new Error(`The store has no \`${name}\` (optional in the contract). Implement it, or leave the topic out with { skip: ['${topic}'] }.`);
  }
  return store as EventStore & Required<Pick<EventStore, Name>>;
}

export async function collectAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}
