import type { JsonValue } from './events';
import type { GlobalPosition } from './position';

/** One running instance of a process manager: its state, keyed by its correlation key. */
export interface ProcessInstance {
  processName: string;
  /** The correlation key that identifies the instance (a transfer id, an order id...). */
  key: string;
  state: JsonValue;
  /**
   * The position of the last event the instance handled. A re-delivered event at or before it
   * has already been applied, so the runtime does not apply it twice. `null` before any event.
   */
  position: GlobalPosition | null;
  updatedAt: Date;
}

export interface SaveProcessInstance {
  processName: string;
  key: string;
  state: JsonValue;
  position: GlobalPosition | null;
}

/** Keeps process-manager instance state. Ended instances are deleted. */
export interface ProcessStateStore {
  load(processName: string, key: string): Promise<ProcessInstance | null>;
  /** Creates or replaces the instance. The state must be JSON (`InvalidInputError` otherwise). */
  save(instance: SaveProcessInstance): Promise<void>;
  delete(processName: string, key: string): Promise<void>;
  /** The live instances of one process manager, ordered by key. */
  list(processName: string): Promise<ProcessInstance[]>;
}
