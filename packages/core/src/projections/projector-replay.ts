// Reads as of a point: a fresh, in-memory instance of a projector, folded over the log up to a
// position or a moment, beside the running one and without a checkpoint.
import { FactumError, InvalidInputError, type EventStore, type GlobalPosition, type RecordedEvent } from '@factum/event-store';
import { Container, type Newable } from 'inversify';
import { ConfigurationError } from '../errors/configuration-error';
import type { SubscriberClass } from '../subscriptions/subscriber-class';
import { kindName, subscriberDeclarationOf } from '../subscriptions/subscriber-metadata';
import { subscriberModelOf } from '../subscriptions/subscriber-model';
import { projectorSpec } from './projector-spec';

/** `app.projections.replay(Projector, options)`. */
export interface ReplayOptions {
  /**
   * The last point replayed: a position (events at or before it; e.g. the `position` of a
   * dispatch) or a moment (the log up to the first event read that occurred after it).
   */
  upTo: GlobalPosition | Date;
  /**
   * How long to wait for `upTo` (a position) to become readable: on Postgres an event that has
   * committed can be held back for a moment behind an older open append. Default 5,000 ms.
   */
  timeoutMs?: number;
  /** Events per read. Default: the projector's `batchSize`, else the app's (500). */
  batchSize?: number;
}

/** A replay up to a position gave up waiting for that position to become readable. */
export class ReplayTimeoutError extends FactumError {
  static readonly code = 'REPLAY_TIMEOUT';
  constructor(
    readonly projector: string,
    readonly upTo: GlobalPosition,
    readonly timeoutMs: number,
  ) {
    super(
      ReplayTimeoutError.code,
      `Replaying ${projector} up to position ${upTo}: the log was not readable up to it within ${timeoutMs} ms. ` +
        'Was the position produced by this store? An older append may still be open; try again, or raise timeoutMs.',
    );
  }
}

const POLL_MS = 20;

export interface ReplayEnvironment {
  store: EventStore;
  container: Container;
  batchSize: number;
}

/**
 * Builds a new instance of `type` (from a child of the app's container, so its services are the
 * app's) and folds the events it reads into it, in log order, up to `options.upTo`. The
 * projector need not be registered in the app; it must keep its read model in memory, since a
 * durable one would write over the live read model.
 */
export async function replayProjector<P extends object>(type: SubscriberClass<P>, options: ReplayOptions, env: ReplayEnvironment): Promise<P> {
  const kind = typeof type === 'function' ? subscriberDeclarationOf(type)?.kind : undefined;
  if (kind !== 'projector') {
    const what = kind === undefined ? 'has no @Projector decorator' : `is a ${kindName(kind)}`;
    throw new ConfigurationError(`replay builds projectors; ${(type as { name?: string } | undefined)?.name || String(type)} ${what}.`);
  }
  const model = subscriberModelOf(type, 'projector');
  const declared = model.declaration.options as { transactional?: boolean; readModel?: string; batchSize?: number };
  if (declared.transactional === true || declared.readModel === 'durable') {
    throw new ConfigurationError(
      `${model.type.name} keeps a durable read model: a replay into it would write over the live one. ` +
        "Replay builds a read model in memory; give it a projector declared readModel: 'memory' (a rebuild resets the durable one).",
    );
  }
  const upTo = checkUpTo(options?.upTo);
  const { store } = env;
  const child = new Container({ parent: env.container });
  child
    .bind(type as unknown as Newable<P>)
    .toSelf()
    .inTransientScope();
  const instance = child.get(type as unknown as Newable<P>);
  const spec = projectorSpec(model, instance);
  const batchSize = options.batchSize ?? declared.batchSize ?? env.batchSize;
  const past = (event: RecordedEvent): boolean =>
    upTo instanceof Date ? event.occurredAt.getTime() > upTo.getTime() : store.comparePositions(event.position, upTo) > 0;
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  let after: GlobalPosition | undefined;
  for (;;) {
    // A position is reached once the readable log includes it: read on until then.
    const readable = upTo instanceof Date || (await reachedBy(store, upTo));
    let read = 0;
    for await (const event of store.readAll({ after, limit: batchSize, filter: { types: spec.eventTypes } })) {
      if (past(event)) return instance;
      await spec.handle(event, null);
      after = event.position;
      read++;
    }
    if (read === batchSize) continue;
    if (readable) return instance;
    if (Date.now() >= deadline) throw new ReplayTimeoutError(model.name, upTo as GlobalPosition, options.timeoutMs ?? 5_000);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function reachedBy(store: EventStore, position: GlobalPosition): Promise<boolean> {
  const head = await store.headPosition();
  return head !== null && store.comparePositions(head, position) >= 0;
}

function checkUpTo(upTo: unknown): GlobalPosition | Date {
  if (upTo instanceof Date) {
    if (!Number.isFinite(upTo.getTime())) throw new InvalidInputError('upTo', 'is an invalid Date');
    return upTo;
  }
  if (typeof upTo === 'string' && upTo.length > 0) return upTo as GlobalPosition;
  throw new InvalidInputError('upTo', `must be a position (e.g. a dispatch's position) or a Date; got ${upTo === undefined ? 'nothing' : typeof upTo}`);
}
