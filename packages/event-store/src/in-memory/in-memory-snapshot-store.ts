import type { Snapshot, SnapshotStore } from '../contract/snapshot-store';
import { checkIdentifier } from '../validation/identifier';
import { checkSnapshot } from '../validation/subscriber-input';

export class InMemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<string, Snapshot>();

  async load(streamId: string): Promise<Snapshot | null> {
    const snapshot = this.snapshots.get(checkIdentifier(streamId, 'streamId'));
    // A fresh Date per load: a Date cannot be frozen, and the stored one must not change.
    return snapshot ? { ...snapshot, takenAt: new Date(snapshot.takenAt) } : null;
  }

  async save(snapshot: Snapshot): Promise<void> {
    // Validate everything before the early return, so bad input is refused whatever is stored.
    const { streamId, version, schemaVersion, state, takenAt } = checkSnapshot(snapshot);
    const existing = this.snapshots.get(streamId);
    if (existing && existing.version > version) return;
    // Stored as frozen JSON with its own Date, as a database would keep it: later changes to the
    // caller's objects do not leak in.
    this.snapshots.set(streamId, Object.freeze({ streamId, version, schemaVersion, state, takenAt }));
  }

  async delete(streamId: string): Promise<void> {
    this.snapshots.delete(checkIdentifier(streamId, 'streamId'));
  }
}
