import type { Snapshot, SnapshotStore } from '../contract/snapshot-store';
import { checkIdentifier } from '../validation/append-input';
import { toFrozenJson } from '../validation/json-value';

export class InMemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<string, Snapshot>();

  async load(streamId: string): Promise<Snapshot | null> {
    return this.snapshots.get(checkIdentifier(streamId, 'streamId')) ?? null;
  }

  async save(snapshot: Snapshot): Promise<void> {
    const streamId = checkIdentifier(snapshot.streamId, 'snapshot.streamId');
    const existing = this.snapshots.get(streamId);
    if (existing && existing.version > snapshot.version) return;
    // Stored as frozen JSON, as a database would keep it: later changes to the live state do not leak in.
    this.snapshots.set(streamId, Object.freeze({ ...snapshot, streamId, state: toFrozenJson(snapshot.state, 'snapshot.state') }));
  }

  async delete(streamId: string): Promise<void> {
    this.snapshots.delete(checkIdentifier(streamId, 'streamId'));
  }
}
