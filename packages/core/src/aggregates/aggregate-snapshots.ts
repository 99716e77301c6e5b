import { copyJson } from '../messages/copy-json';
import { InvalidInputError, toFrozenJson, type JsonValue, type Snapshot } from '@factum/event-store';
import { ConfigurationError } from '../errors/configuration-error';
import type { AggregateModel } from './aggregate-model';
import type { AggregateRoot } from './aggregate-root';
import type { CommandWindowData } from './command-window';

/**
 * What Factum stores as a snapshot's state: the aggregate's own state plus the window of recent
 * command ids, so a dispatch after loading from a snapshot still recognises a repeated command.
 */
export interface SnapshotEnvelope {
  format: typeof FORMAT;
  state: JsonValue;
  window: CommandWindowData;
}

const FORMAT = 1;

interface SnapshotHooks {
  toSnapshot(): unknown;
  fromSnapshot(state: unknown): void;
}

/** Tells injected services apart from state: a service is an instance of a class bound in the container. */
export type IsService = (value: object) => boolean;

export function captureSnapshot(aggregate: AggregateRoot, model: AggregateModel, window: CommandWindowData, isService: IsService): SnapshotEnvelope {
  const state = model.customSnapshot ? customState(aggregate, model) : defaultState(aggregate, model, isService);
  return { format: FORMAT, state, window };
}

/** The envelope of a stored snapshot, or null when it is of another shape or version (then it is ignored). */
export function readEnvelope(snapshot: Snapshot, model: AggregateModel): SnapshotEnvelope | null {
  if (!model.snapshot || snapshot.schemaVersion !== model.snapshot.version) return null;
  const envelope = snapshot.state as Partial<SnapshotEnvelope> | null;
  if (typeof envelope !== 'object' || envelope === null || envelope.format !== FORMAT || !('state' in envelope)) return null;
  const window = envelope.window;
  if (typeof window !== 'object' || window === null || !Array.isArray(window.commands)) return null;
  return envelope as SnapshotEnvelope;
}

export function restoreSnapshot(aggregate: AggregateRoot, model: AggregateModel, envelope: SnapshotEnvelope): void {
  // Stored snapshots are frozen; the aggregate gets its own mutable copy.
  const state: unknown = copyJson(envelope.state);
  if (model.customSnapshot) {
    (aggregate as unknown as SnapshotHooks).fromSnapshot(state);
    return;
  }
  Object.assign(aggregate, state);
}

function customState(aggregate: AggregateRoot, model: AggregateModel): JsonValue {
  const state = (aggregate as unknown as SnapshotHooks).toSnapshot();
  try {
    return toFrozenJson(state, `${model.name}.toSnapshot()`);
  } catch (error) {
    throw new ConfigurationError(`${model.name}.toSnapshot() must return JSON data: ${(error as Error).message}`, { cause: error });
  }
}

function defaultState(aggregate: AggregateRoot, model: AggregateModel, isService: IsService): JsonValue {
  const state: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(aggregate) as Array<[string, unknown]>) {
    if (value === undefined) continue;
    try {
      state[key] = toFrozenJson(value, `${model.name}.${key}`);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      if (typeof value === 'object' && value !== null && isService(value)) continue;
      throw new ConfigurationError(
        `${model.name} cannot be snapshotted by default: field '${key}' is not JSON data (${error.problem}). ` +
          'Implement toSnapshot() and fromSnapshot() on the aggregate, or bind the class of an injected service in the container.',
        { cause: error },
      );
    }
  }
  return state;
}
