import type { CheckpointRecord, CheckpointStore, SetCheckpointOptions } from '../contract/checkpoint-store';
import type { GlobalPosition } from '../contract/position';
import { CheckpointConflictError } from '../errors/store-errors';
import { checkIdentifier } from '../validation/identifier';
import { checkSetCheckpointOptions } from '../validation/subscriber-input';

export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly checkpoints = new Map<string, CheckpointRecord>();

  async get(name: string): Promise<GlobalPosition | null> {
    return this.checkpoints.get(checkIdentifier(name, 'checkpoint name'))?.position ?? null;
  }

  async set(name: string, position: GlobalPosition, options?: SetCheckpointOptions): Promise<void> {
    checkIdentifier(name, 'checkpoint name');
    checkIdentifier(position, 'checkpoint position');
    const { expected } = checkSetCheckpointOptions(options);
    if (expected !== undefined) {
      const actual = this.checkpoints.get(name)?.position ?? null;
      if (actual !== expected) throw new CheckpointConflictError(name, expected, actual);
    }
    this.checkpoints.set(name, { name, position, updatedAt: new Date() });
  }

  async delete(name: string): Promise<void> {
    this.checkpoints.delete(checkIdentifier(name, 'checkpoint name'));
  }

  async list(): Promise<CheckpointRecord[]> {
    return [...this.checkpoints.values()].map((record) => ({ ...record })).sort((a, b) => a.name.localeCompare(b.name));
  }
}
