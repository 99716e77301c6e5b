import {
  InMemoryDeadLetterStore,
  InMemoryProcessStateStore,
  InMemorySubscriberLocks,
  InMemorySubscriberStore,
  type DeadLetter,
  type JsonValue,
  type NewDeadLetter,
  type SaveProcessInstance,
  type SubscriberLease,
  type SubscriberSession,
  type SubscriberStore,
} from '@factum/event-store';

// Subscriber backends with one realistic bug each, for the test that proves the subscriber-store
// conformance suite catches them.

/** Runs the work straight on its stores: a failing unit of work keeps what it wrote before failing. */
export class NotAtomicSubscriberStore implements SubscriberStore<undefined> {
  readonly supportsTransactions = false;
  private readonly inner = new InMemorySubscriberStore();
  readonly checkpoints = this.inner.checkpoints;
  readonly processStates = this.inner.processStates;
  readonly deadLetters = this.inner.deadLetters;

  transaction<T>(work: (session: SubscriberSession<undefined>) => Promise<T>): Promise<T> {
    return work({ checkpoints: this.checkpoints, processStates: this.processStates, deadLetters: this.deadLetters, tx: undefined });
  }
}

/** Merges a saved state into the stored one (an `update ... set state = state || $1`) instead of replacing it. */
export class MergingProcessStateStore extends InMemoryProcessStateStore {
  override async save(instance: SaveProcessInstance): Promise<void> {
    const stored = await this.load(instance.processName, instance.key);
    const merged = isObject(stored?.state) && isObject(instance.state) ? { ...stored.state, ...instance.state } : instance.state;
    await super.save({ ...instance, state: merged });
  }
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Adds every dead letter as a new row (no key on subscriber and event): recording one again duplicates it. */
export class DuplicatingDeadLetterStore extends InMemoryDeadLetterStore {
  private readonly extra: DeadLetter[] = [];

  override async add(letter: NewDeadLetter): Promise<void> {
    const known = (await super.list(letter.subscriber)).some((kept) => kept.eventId === letter.eventId);
    if (known) this.extra.push({ ...letter, failedAt: new Date() });
    else await super.add(letter);
  }

  override async list(subscriber?: string): Promise<DeadLetter[]> {
    const extra = this.extra.filter((letter) => subscriber === undefined || letter.subscriber === subscriber);
    return [...(await super.list(subscriber)), ...extra];
  }
}

/** Checks whether a lease is free, then (after a round trip) takes it: two processes asking at once both get it. */
export class CheckThenTakeLocks extends InMemorySubscriberLocks {
  private readonly taken = new Set<string>();

  override async tryAcquire(name: string): Promise<SubscriberLease | null> {
    if (this.taken.has(name)) return null;
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.taken.add(name);
    const controller = new AbortController();
    return { name, lost: controller.signal, release: async () => void this.taken.delete(name) };
  }

  override async close(): Promise<void> {
    this.taken.clear();
  }
}
