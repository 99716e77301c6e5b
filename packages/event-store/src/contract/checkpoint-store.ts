import type { GlobalPosition } from './position';

export interface SetCheckpointOptions {
  /**
   * Fencing: write only if the stored value is still this one (`null` = no checkpoint yet);
   * otherwise throw `CheckpointConflictError`. Omit for an unconditional write.
   */
  expected?: GlobalPosition | null;
}

export interface CheckpointRecord {
  name: string;
  position: GlobalPosition;
  updatedAt: Date;
}

/** Where each subscriber keeps the position of the last event it has fully handled. */
export interface CheckpointStore {
  get(name: string): Promise<GlobalPosition | null>;
  set(name: string, position: GlobalPosition, options?: SetCheckpointOptions): Promise<void>;
  /** Forgets a checkpoint, so its subscriber starts over (a projection rebuild). */
  delete(name: string): Promise<void>;
  list(): Promise<CheckpointRecord[]>;
}
