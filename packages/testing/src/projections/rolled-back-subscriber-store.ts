import {
  InMemorySubscriberStore,
  type CheckpointStore,
  type DeadLetterStore,
  type ProcessStateStore,
  type SubscriberSession,
  type SubscriberStore,
} from '@factum/event-store';

/**
 * A subscriber store whose every unit of work runs in one transaction the caller holds open (and
 * later rolls back): the projector's writes go through `tx`, while checkpoints stay in memory.
 */
export class RolledBackSubscriberStore<Tx> implements SubscriberStore<Tx> {
  readonly supportsTransactions = true;
  private readonly bookkeeping = new InMemorySubscriberStore();

  constructor(private readonly tx: Tx) {}

  get checkpoints(): CheckpointStore {
    return this.bookkeeping.checkpoints;
  }

  get processStates(): ProcessStateStore {
    return this.bookkeeping.processStates;
  }

  get deadLetters(): DeadLetterStore {
    return this.bookkeeping.deadLetters;
  }

  transaction<T>(work: (session: SubscriberSession<Tx>) => Promise<T>): Promise<T> {
    return this.bookkeeping.transaction((session) =>
      work({ checkpoints: session.checkpoints, processStates: session.processStates, deadLetters: session.deadLetters, tx: this.tx }),
    );
  }
}
