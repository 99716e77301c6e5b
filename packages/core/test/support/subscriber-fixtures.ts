import type { EventStore, RecordedEvent, SubscriberSession } from '@factum/event-store';
import type { SubscriberSpec } from '../../src/subscriptions/subscriber-spec';

/** A spec that records what it handled; `behaviour` may throw or wait to simulate trouble. */
export function recordingSpec(
  name: string,
  overrides: Partial<SubscriberSpec> & { behaviour?: (event: RecordedEvent, session: SubscriberSession | null) => Promise<void> | void } = {},
): SubscriberSpec & { seen: RecordedEvent[] } {
  const seen: RecordedEvent[] = [];
  const { behaviour, ...rest } = overrides;
  return {
    name,
    kind: 'projector',
    startFrom: 'origin',
    eventTypes: ['Happened'],
    atomic: false,
    strong: true,
    rebuildable: true,
    retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 },
    seen,
    async handle(event, session) {
      await behaviour?.(event, session);
      seen.push(event);
    },
    ...rest,
  };
}

export async function appendMany(store: EventStore, count: number, type = 'Happened', stream = 'thing-1'): Promise<void> {
  for (let i = 0; i < count; i += 100) {
    const n = Math.min(100, count - i);
    await store.append(
      stream,
      Array.from({ length: n }, (_, j) => ({ type, data: { n: i + j } })),
    );
  }
}

/** Polls `check` until it holds or `timeoutMs` passes; fails with `what` then. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const numbers = (events: readonly RecordedEvent[]): number[] => events.map((event) => (event.data as { n: number }).n);
export const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
