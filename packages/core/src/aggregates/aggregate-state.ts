import { ConfigurationError } from '../errors/configuration-error';
import type { AggregateModel } from './aggregate-model';

/** An event emitted by a command handler, applied to the state but not yet stored. */
export interface PendingEvent {
  type: string;
  data: unknown;
  schemaVersion: number;
}

/**
 * Factum's bookkeeping for one aggregate instance, kept outside the instance (in a WeakMap) so
 * the user's class has only the user's fields, and a snapshot of them holds only state.
 */
export interface AggregateState {
  /** The stream version the state reflects (committed events only). */
  version: number;
  /** `NO_PENDING` while the handler has emitted nothing. */
  pending: PendingEvent[];
  readOnly: boolean;
  applying: boolean;
  model: AggregateModel | undefined;
}

/**
 * The pending events of every aggregate with none: shared, and frozen so that nothing is pushed
 * into it. The first event emitted makes a one-element array (an empty array that a push grows
 * allocates room for sixteen).
 */
export const NO_PENDING: PendingEvent[] = Object.freeze([]) as unknown as PendingEvent[];

const states = new WeakMap<object, AggregateState>();

export function attachState(aggregate: object): void {
  states.set(aggregate, { version: 0, pending: NO_PENDING, readOnly: false, applying: false, model: undefined });
}

export function stateOf(aggregate: object): AggregateState {
  const state = states.get(aggregate);
  if (!state)
    throw new ConfigurationError('This object is not an aggregate instance: aggregates extend AggregateRoot and are built with new or by the container.');
  return state;
}
