import type { CheckpointRecord, CheckpointStore, SetCheckpointOptions } from '../contract/checkpoint-store';
import type { DeadLetter, DeadLetterStore, NewDeadLetter } from '../contract/dead-letter-store';
import type { GlobalPosition } from '../contract/position';
import type { ProcessInstance, ProcessStateStore, SaveProcessInstance } from '../contract/process-state-store';
import type { SubscriberOperations } from '../contract/subscriber-operations';
import type { SubscriberSession, SubscriberStore } from '../contract/subscriber-store';
import { DeadLetterNotFoundError } from '../errors/operation-errors';
import { CheckpointConflictError } from '../errors/store-errors';
import { SessionEndedError } from '../errors/subscriber-store-errors';
import { checkIdentifier } from '../validation/identifier';
import { checkDeadLetter, checkProcessInstance, checkSetCheckpointOptions } from '../validation/subscriber-input';
import { InMemoryCheckpointStore } from './in-memory-checkpoint-store';
import { InMemoryDeadLetterStore } from './in-memory-dead-letter-store';
import { InMemoryProcessStateStore } from './in-memory-process-state-store';
import { InMemorySubscriberOperations } from './in-memory-subscriber-operations';

export interface InMemorySubscriberStoreParts {
  checkpoints?: CheckpointStore;
  processStates?: ProcessStateStore;
  deadLetters?: DeadLetterStore;
  operations?: SubscriberOperations;
}

type CheckpointOp = { kind: 'set'; name: string; position: GlobalPosition; options?: SetCheckpointOptions } | { kind: 'delete'; name: string };
type StateOp = { kind: 'save'; instance: SaveProcessInstance } | { kind: 'delete'; processName: string; key: string };
type LetterOp = { kind: 'add'; letter: NewDeadLetter } | { kind: 'delete'; subscriber: string; eventId: string; present: boolean };

const stateKey = (processName: string, key: string): string => `${processName}\u0000${key}`;

/**
 * Runs a session's writes as one unit: they are staged while the work runs (reads in the session
 * see them) and applied when it resolves, dropped when it throws. Nothing else can be part of the
 * unit (`tx` is `undefined`), so a projector writing elsewhere gets at-least-once effects; process
 * state and dead letters still move with their checkpoint. Over in-memory parts by default; give
 * other parts to stage writes to them.
 */
export class InMemorySubscriberStore implements SubscriberStore<undefined> {
  readonly supportsTransactions = false;
  readonly checkpoints: CheckpointStore;
  readonly processStates: ProcessStateStore;
  readonly deadLetters: DeadLetterStore;
  readonly operations: SubscriberOperations;

  constructor(parts: InMemorySubscriberStoreParts = {}) {
    this.checkpoints = parts.checkpoints ?? new InMemoryCheckpointStore();
    this.processStates = parts.processStates ?? new InMemoryProcessStateStore();
    this.deadLetters = parts.deadLetters ?? new InMemoryDeadLetterStore();
    this.operations = parts.operations ?? new InMemorySubscriberOperations();
  }

  async transaction<T>(work: (session: SubscriberSession<undefined>) => Promise<T>): Promise<T> {
    const session = new StagedSession(this);
    let result: T;
    try {
      result = await work(session);
    } catch (error) {
      session.abandon();
      throw error;
    }
    await session.commit();
    return result;
  }
}

class StagedSession implements SubscriberSession<undefined> {
  readonly tx = undefined;
  private readonly checkpointOps: CheckpointOp[] = [];
  private readonly stagedCheckpoints = new Map<string, GlobalPosition | null>();
  private readonly stateOps: StateOp[] = [];
  private readonly stagedStates = new Map<string, ProcessInstance | null>();
  private readonly letterOps: LetterOp[] = [];
  private done = false;

  constructor(private readonly base: InMemorySubscriberStore) {}

  readonly checkpoints: CheckpointStore = {
    get: async (name) => {
      checkIdentifier(name, 'checkpoint name');
      return this.stagedCheckpoints.has(name) ? this.stagedCheckpoints.get(name)! : this.base.checkpoints.get(name);
    },
    set: async (name, position, options) => {
      this.ensureOpen();
      checkIdentifier(name, 'checkpoint name');
      checkIdentifier(position, 'checkpoint position');
      const { expected } = checkSetCheckpointOptions(options);
      if (expected !== undefined) {
        const actual = await this.checkpoints.get(name);
        if (actual !== expected) throw new CheckpointConflictError(name, expected, actual);
      }
      this.checkpointOps.push({ kind: 'set', name, position, options });
      this.stagedCheckpoints.set(name, position);
    },
    delete: async (name) => {
      this.ensureOpen();
      checkIdentifier(name, 'checkpoint name');
      this.checkpointOps.push({ kind: 'delete', name });
      this.stagedCheckpoints.set(name, null);
    },
    list: async (): Promise<CheckpointRecord[]> => {
      const records = new Map((await this.base.checkpoints.list()).map((record) => [record.name, record]));
      for (const [name, position] of this.stagedCheckpoints) {
        if (position === null) records.delete(name);
        else records.set(name, { name, position, updatedAt: new Date() });
      }
      return [...records.values()].sort((a, b) => a.name.localeCompare(b.name));
    },
  };

  readonly processStates: ProcessStateStore = {
    load: async (processName, key) => {
      const id = stateKey(checkIdentifier(processName, 'processName'), checkIdentifier(key, 'key'));
      return this.stagedStates.has(id) ? this.stagedStates.get(id)! : this.base.processStates.load(processName, key);
    },
    save: async (instance) => {
      this.ensureOpen();
      // Checked now, not at commit: a refusal then would fail a unit of work that had already succeeded.
      const staged: ProcessInstance = { ...checkProcessInstance(instance), updatedAt: new Date() };
      this.stateOps.push({ kind: 'save', instance: staged });
      this.stagedStates.set(stateKey(staged.processName, staged.key), staged);
    },
    delete: async (processName, key) => {
      this.ensureOpen();
      const id = stateKey(checkIdentifier(processName, 'processName'), checkIdentifier(key, 'key'));
      this.stateOps.push({ kind: 'delete', processName, key });
      this.stagedStates.set(id, null);
    },
    list: async (processName) => {
      const instances = new Map((await this.base.processStates.list(processName)).map((instance) => [instance.key, instance]));
      for (const [id, instance] of this.stagedStates) {
        const [name, key] = id.split('\u0000') as [string, string];
        if (name !== processName) continue;
        if (instance === null) instances.delete(key);
        else instances.set(key, instance);
      }
      return [...instances.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
  };

  readonly deadLetters: DeadLetterStore = {
    add: async (letter) => {
      this.ensureOpen();
      this.letterOps.push({ kind: 'add', letter: checkDeadLetter(letter) });
    },
    list: async (subscriber?: string): Promise<DeadLetter[]> => {
      const letters = await this.base.deadLetters.list(subscriber);
      const staged = this.letterOps.flatMap((op) =>
        op.kind === 'add' && (subscriber === undefined || op.letter.subscriber === subscriber) ? [{ ...op.letter, failedAt: new Date() }] : [],
      );
      return [...letters, ...staged];
    },
    delete: async (subscriber, eventId) => {
      this.ensureOpen();
      checkIdentifier(subscriber, 'subscriber');
      checkIdentifier(eventId, 'eventId');
      const present = !this.deletes(subscriber, eventId) && (await this.deadLetters.list(subscriber)).some((letter) => letter.eventId === eventId);
      this.letterOps.push({ kind: 'delete', subscriber, eventId, present });
      return present;
    },
  };

  /** Applies the staged writes: checkpoints first, because only they can be refused (fencing). */
  async commit(): Promise<void> {
    this.ensureOpen();
    this.done = true;
    await this.checkRemovalsStillHold();
    for (const op of this.checkpointOps) {
      if (op.kind === 'set') await this.base.checkpoints.set(op.name, op.position, op.options);
      else await this.base.checkpoints.delete(op.name);
    }
    for (const op of this.stateOps) {
      if (op.kind === 'save') await this.base.processStates.save(op.instance);
      else await this.base.processStates.delete(op.processName, op.key);
    }
    for (const op of this.letterOps) {
      if (op.kind === 'add') await this.base.deadLetters.add(op.letter);
      else await this.base.deadLetters.delete(op.subscriber, op.eventId);
    }
  }

  /**
   * A removal staged while the letter was there commits only if it is still there: when a skip
   * (or another retry) removed it meanwhile, nothing of this session is applied.
   */
  private async checkRemovalsStillHold(): Promise<void> {
    for (const op of this.letterOps) {
      if (op.kind !== 'delete' || !op.present) continue;
      const letters = await this.base.deadLetters.list(op.subscriber);
      if (!letters.some((letter) => letter.eventId === op.eventId)) throw new DeadLetterNotFoundError(op.subscriber, op.eventId);
    }
  }

  private deletes(subscriber: string, eventId: string): boolean {
    return this.letterOps.some((op) => op.kind === 'delete' && op.subscriber === subscriber && op.eventId === eventId);
  }

  abandon(): void {
    this.done = true;
  }

  private ensureOpen(): void {
    // A write after the unit of work ended would silently be lost: refuse it loudly instead.
    if (this.done) throw new SessionEndedError();
  }
}
