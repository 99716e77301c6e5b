import { sameJson, toFrozenJson, type RecordedEvent } from '@factum/event-store';
import { safeParse } from 'zod/v4/core';
import { ConfigurationError } from '../errors/configuration-error';
import { InvalidEventError } from '../errors/invalid-event-error';
import { decodeEventData } from '../messages/decode-event';
import type { Event } from '../messages/message';
import { toMessageIssues } from '../messages/schema-issues';
import { aggregateModelOf, type AggregateModel, type Applier } from './aggregate-model';
import { newAggregateState, NO_PENDING, notAnAggregate, type AggregateState, type PendingEvent } from './aggregate-state';

/** An aggregate's bookkeeping (its private `#state`), for the functions below the class. */
let stateOf: (aggregate: AggregateRoot) => AggregateState;

/**
 * The base of every aggregate. Subclasses keep their state in ordinary fields, decide commands in
 * `@CommandHandler` methods by calling `emit`, and change state only in `@Apply` methods.
 * An aggregate never sees the store: Factum loads it, runs the handler and appends what it emitted.
 */
export abstract class AggregateRoot {
  // A private field, not a WeakMap entry: read on every command, several times.
  readonly #state: AggregateState = newAggregateState();

  static {
    stateOf = (aggregate) => {
      if (!(#state in aggregate)) throw notAnAggregate();
      return aggregate.#state;
    };
  }

  /** The version of the aggregate's stream that this state includes (0 before its first event). */
  get version(): number {
    return this.#state.version;
  }

  /**
   * Records an event and applies it to the state at once (so the rest of the handler sees it).
   * It is appended when the handler returns; if the handler throws, it is dropped.
   */
  protected emit(event: Event): void {
    const state = this.#state;
    const model = modelOf(this, state);
    if (state.readOnly) throw new ConfigurationError(`This ${model.name} was loaded as of an earlier point in time; it is read-only and cannot emit.`);
    if (state.applying) throw new ConfigurationError(`${model.name} emitted an event inside an @Apply method; emit only from command handlers.`);
    const type = typeof event === 'object' && event !== null ? event.type : undefined;
    const applier = typeof type === 'string' ? model.appliers.get(type) : undefined;
    if (!applier) {
      throw new ConfigurationError(
        `${model.name} emitted '${String(type)}' but has no @Apply(${String(type)}) method. Add one (it may be empty) so the event ` +
          'is applied now and when the aggregate is rebuilt from its stream. Nothing was appended.',
      );
    }
    // Checked in the form the store will keep (undefined properties dropped, NUL and too deep
    // refused): data valid only before that would be stored, then fail its schema on every read.
    const checked = toFrozenJson(event.data, `data of '${applier.event.type}'`);
    const parsed = safeParse(applier.event.schema, checked);
    if (!parsed.success) throw new InvalidEventError(applier.event.type, toMessageIssues(parsed.error.issues));
    invokeApplier(this, state, applier, parsed.data);
    // When the schema gave back what it was given (no default, transform or stripped key; keys
    // maybe in the schema's order), the checked copy is what gets stored: it is frozen JSON
    // already, and the store takes it as it is instead of copying the schema's output once more.
    const data = sameJson(parsed.data, checked) ? checked : parsed.data;
    const pending: PendingEvent = { type: applier.event.type, data, schemaVersion: applier.event.version };
    if (state.pending.length === 0) state.pending = [pending];
    else state.pending.push(pending);
  }

  /**
   * Implement both `toSnapshot` and `fromSnapshot` to control what a snapshot keeps (JSON). By
   * default a snapshot holds the aggregate's own fields that are JSON data; injected services
   * (classes bound in the container) are left out.
   */
  protected toSnapshot?(): unknown;
  protected fromSnapshot?(state: unknown): void;
}

function modelOf(aggregate: AggregateRoot, state: AggregateState): AggregateModel {
  return (state.model ??= aggregateModelOf(aggregate.constructor));
}

function invokeApplier(aggregate: AggregateRoot, state: AggregateState, applier: Applier, data: unknown): void {
  const method = (aggregate as unknown as Record<string | symbol, unknown>)[applier.method];
  if (typeof method !== 'function') throw new ConfigurationError(`@Apply(${applier.event.type}) marks ${String(applier.method)}, which is not a method.`);
  state.applying = true;
  try {
    const result: unknown = method.call(aggregate, data);
    if (typeof (result as Promise<unknown> | undefined)?.then === 'function') {
      throw new ConfigurationError(`@Apply(${applier.event.type}) ${String(applier.method)} returned a promise; @Apply methods must be synchronous.`);
    }
  } finally {
    state.applying = false;
  }
}

// The functions below are the repository's side of the aggregate: not part of the public API.

/** Folds one stored event (upcast and parsed) into the aggregate. */
export function applyStored(aggregate: AggregateRoot, recorded: RecordedEvent): void {
  const state = stateOf(aggregate);
  const model = modelOf(aggregate, state);
  if (recorded.version !== state.version + 1) {
    throw new ConfigurationError(
      `Stream '${recorded.streamId}' gave version ${recorded.version} after version ${state.version}; the store returned events out of order.`,
    );
  }
  const applier = model.appliers.get(recorded.type);
  if (!applier) {
    throw new ConfigurationError(
      `Stream '${recorded.streamId}' holds '${recorded.type}' at version ${recorded.version}, which ${model.name} has no @Apply method for. ` +
        'Add one (it may be empty) so the aggregate can be rebuilt.',
    );
  }
  invokeApplier(aggregate, state, applier, decodeEventData(applier.event, recorded));
  state.version = recorded.version;
}

export function takePending(aggregate: AggregateRoot): PendingEvent[] {
  const state = stateOf(aggregate);
  const pending = state.pending;
  if (pending.length > 0) state.pending = NO_PENDING;
  return pending;
}

/** Drops what a failed handler emitted; true when something was (so the state is no longer clean). */
export function discardPending(aggregate: AggregateRoot): boolean {
  const state = stateOf(aggregate);
  const dirty = state.pending.length > 0;
  if (dirty) state.pending = NO_PENDING;
  return dirty;
}

export function setVersion(aggregate: AggregateRoot, version: number): void {
  stateOf(aggregate).version = version;
}

export function markReadOnly(aggregate: AggregateRoot): void {
  stateOf(aggregate).readOnly = true;
}

export function aggregateModelOfInstance(aggregate: AggregateRoot): AggregateModel {
  return modelOf(aggregate, stateOf(aggregate));
}
