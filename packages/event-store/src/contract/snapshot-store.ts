/** An aggregate's state as of a stream version, so loading can skip the events before it. */
export interface Snapshot<State = unknown> {
  streamId: string;
  /** The stream version the state includes. */
  version: number;
  /** The version of the state's shape; a snapshot of another shape is ignored on load. */
  schemaVersion: number;
  state: State;
  takenAt: Date;
}

/** Keeps the latest snapshot per stream. */
export interface SnapshotStore {
  load(streamId: string): Promise<Snapshot | null>;
  /**
   * Replaces the stream's snapshot, unless the stored one is for a later version. The state must
   * be JSON (as event data); anything else is refused with `InvalidInputError`.
   */
  save(snapshot: Snapshot): Promise<void>;
  delete(streamId: string): Promise<void>;
}
