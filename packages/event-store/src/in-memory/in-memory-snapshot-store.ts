import type { Snapshot, SnapshotStore } from '../contract/snapshot-store';
import { InvalidInputError } from '../errors/store-errors';
import { checkIdentifier } from '../validation/append-input';
import { toFrozenJson } from '../validation/json-value';

export class InMemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<string, Snapshot>();

  async load(streamId: string): Promise<Snapshot | null> {
    const snapshot = this.snapshots.get(checkIdentifier(streamId, 'streamId'));
    // A fresh Date per load: a Date cannot be frozen, and the stored one must not change.
    return snapshot ? { ...snapshot, takenAt: new Date(snapshot.takenAt) } : null;
  }

  async save(snapshot: Snapshot): Promise<void> {
    const streamId = checkIdentifier(snapshot.streamId, 'snapshot.streamId');
    const version = wholeNumber(snapshot.version, 'snapshot.version', 0);
    const schemaVersion = wholeNumber(snapshot.schemaVersion, 'snapshot.schemaVersion', 1);
    if (!(snapshot.takenAt instanceof Date) || Number.isNaN(snapshot.takenAt.getTime())) {
      throw new InvalidInputError('snapshot.takenAt', 'expected a valid Date');
    }
    // Validate everything before the early return, so bad input is refused whatever is stored.
    const state = toFrozenJson(snapshot.state, 'snapshot.state');
    const existing = this.snapshots.get(streamId);
    if (existing && existing.version > version) return;
    // Stored as frozen JSON with its own Date, as a database would keep it: later changes to the
    // caller's objects do not leak in.
    this.snapshots.set(streamId, Object.freeze({ streamId, version, schemaVersion, state, takenAt: new Date(snapshot.takenAt) }));
  }

  async delete(streamId: string): Promise<void> {
    this.snapshots.delete(checkIdentifier(streamId, 'streamId'));
  }
}

function wholeNumber(value: unknown, argument: string, min: number): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value;
  throw new InvalidInputError(argument, `${String(value)} is not a whole number ≥ ${min}`);
}
