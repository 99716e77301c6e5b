import { ConfigurationError } from '../errors/configuration-error';
import type { AggregateModel } from './aggregate-model';

/** An event emitted by a command handler, applied to the state but not yet stored. */
export interface PendingEvent {
  type: string;
  data: unknown;
  schemaVersion: number;
}

/**
 * Factum's bookkeeping for one aggregate instance, kept in a private field of `AggregateRoot`
 * (`#state`), so the user's class has only the user's fields, and a snapshot of them holds only
 * state: no enumeration, reflection or serialisation sees it.
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

/** A new aggregate's bookkeeping: version 0, nothing pending. */
export function newAggregateState(): AggregateState {
  return { version: 0, pending: NO_PENDING, readOnly: false, applying: false, model: undefined };
}

/** What `stateOf` throws for an object that is not an aggregate instance. */
export function notAnAggregate(): ConfigurationError {
  return new ConfigurationError('This object is not an aggregate instance: aggregates extend AggregateRoot and are built with new or by the container.');
}
