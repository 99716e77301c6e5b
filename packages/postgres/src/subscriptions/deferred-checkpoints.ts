import {
  checkIdentifier,
  checkSetCheckpointOptions,
  type CheckpointRecord,
  type CheckpointStore,
  type GlobalPosition,
  type SetCheckpointOptions,
} from '@factum/event-store';
import type { PostgresCheckpointStore } from '../checkpoints/postgres-checkpoint-store';
import type { DeferredUnit } from './deferred-unit';

/**
 * The checkpoints of one unit of work (`DeferredUnit`): reads and unfenced writes run in the
 * unit's transaction; a fenced write (`expected` given, as the runtime writes a batch's
 * checkpoint) is handed to the unit, which sends it with the unit's last statement.
 */
export class DeferredCheckpoints implements CheckpointStore {
  private readonly inUnit: PostgresCheckpointStore;

  constructor(
    checkpoints: PostgresCheckpointStore,
    private readonly unit: DeferredUnit,
  ) {
    this.inUnit = checkpoints.using(unit);
  }

  get(name: string): Promise<GlobalPosition | null> {
    return this.inUnit.get(name);
  }

  async set(name: string, position: GlobalPosition, options?: SetCheckpointOptions): Promise<void> {
    checkIdentifier(name, 'checkpoint name');
    checkIdentifier(position, 'checkpoint position');
    const { expected } = checkSetCheckpointOptions(options);
    if (expected === undefined) return this.inUnit.set(name, position);
    return this.unit.setCheckpoint({ name, position, expected });
  }

  delete(name: string): Promise<void> {
    return this.inUnit.delete(name);
  }

  list(): Promise<CheckpointRecord[]> {
    return this.inUnit.list();
  }
}
